using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Package;

[Collection(PackedPackageCollection.Name)]
[Trait("Category", "Package")]
public class PackageLayoutTests
{
    private readonly PackedPackage package;

    public PackageLayoutTests(PackedPackage package)
    {
        this.package = package;
    }

    [Fact]
    public void Holds_both_assemblies_under_analyzers_and_nothing_under_lib()
    {
        using var archive = ZipFile.OpenRead(package.PackagePath);
        var names = archive.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("analyzers/dotnet/cs/NoDowntime.Analyzers.dll", names);
        Assert.Contains("analyzers/dotnet/cs/NoDowntime.Analyzers.CodeFixes.dll", names);
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", System.StringComparison.Ordinal));
        Assert.Contains("buildTransitive/NoDowntime.Analyzers.targets", names);
        Assert.Contains("README.md", names);
    }

    [Fact]
    public void Is_a_development_dependency_with_license_and_readme_and_no_dependencies()
    {
        using var archive = ZipFile.OpenRead(package.PackagePath);
        using var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("NoDowntime.Analyzers", Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
    }

    [Fact]
    public void Ships_a_severity_config_for_every_level_and_every_category()
    {
        using var archive = ZipFile.OpenRead(package.PackagePath);
        string[] categories = typeof(Categories).GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.NotEmpty(categories);

        foreach (string level in new[] { "error", "warning", "suggestion", "silent", "none" })
        {
            var entry = archive.GetEntry($"buildTransitive/severity/{level}.globalconfig");
            Assert.NotNull(entry);
            using var reader = new System.IO.StreamReader(entry!.Open());
            string text = reader.ReadToEnd();
            foreach (string category in categories)
            {
                Assert.Contains($"dotnet_analyzer_diagnostic.category-{category}.severity = {level}", text);
            }
        }
    }
}
