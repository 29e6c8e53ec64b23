using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Tests.Catalog;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Package;

/// <summary>
/// The product as a user meets it: the packed package referenced by <c>PackageReference</c> from a fresh
/// ASP.NET Core project, built with the plain .NET CLI.
/// </summary>
[Collection(PackedPackageCollection.Name)]
[Trait("Category", "Package")]
public class ConsumerTests
{
    private readonly PackedPackage package;

    public ConsumerTests(PackedPackage package)
    {
        this.package = package;
    }

    [Fact]
    public async Task Build_reports_every_rule_as_a_warning_and_warnaserror_fails()
    {
        string project = CreateConsumer("violations", Repository.PathOf("samples", "NoDowntime.Violations"));

        var build = await DotNet.RunAsync(project, "build", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.ToString());
        // Rules that default to Info are not printed by a command-line build; the severity switch test covers them.
        foreach (string id in RuleCatalog.Descriptors.Where(d => d.DefaultSeverity == DiagnosticSeverity.Warning).Select(d => d.Id))
        {
            Assert.True(Regex.IsMatch(build.Output, $@"warning {id}:"), $"{id} is not reported by the violations sample.{Environment.NewLine}{build}");
        }

        // A blocking call two calls below a controller names the route and the path that reaches it.
        Assert.Matches(@"warning ND1005: 'Thread\.Sleep' blocks a thread on GET /reports/customers via ReportsController\.Customers -> ReportService\.Build -> ReportFormatter\.Format", build.Output);

        var strict = await DotNet.RunAsync(project, "build", "--no-incremental", "-warnaserror", "-nodeReuse:false");
        Assert.True(strict.ExitCode != 0, strict.ToString());
        Assert.Matches(@"error ND\d{4}:", strict.Output);
    }

    [Fact]
    public async Task NoDowntimeSeverity_error_turns_every_rule_into_an_error()
    {
        string project = CreateConsumer("severity", Repository.PathOf("samples", "NoDowntime.Violations"));

        var build = await DotNet.RunAsync(project, "build", "-p:NoDowntimeSeverity=error", "-nodeReuse:false");

        Assert.True(build.ExitCode != 0, build.ToString());
        foreach (string id in RuleCatalog.Ids)
        {
            Assert.True(Regex.IsMatch(build.Output, $@"error {id}:"), $"{id} is not an error under NoDowntimeSeverity=error.{Environment.NewLine}{build}");
        }

        Assert.DoesNotMatch(@"warning ND\d{4}:", build.Output);
    }

    [Fact]
    public async Task Dotnet_format_applies_the_fixes_and_the_project_then_builds_clean()
    {
        string project = CreateConsumer("fixable", Repository.PathOf("tests", "NoDowntime.Analyzers.Tests", "Package", "FixableService"));
        var before = await DotNet.RunAsync(project, "build", "-nodeReuse:false");
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Matches(@"warning ND\d{4}:", before.Output);

        var format = await DotNet.RunAsync(project, new[] { "format", "analyzers", "--severity", "warn", "--diagnostics" }.Concat(RuleCatalog.Ids).ToArray());
        Assert.True(format.ExitCode == 0, format.ToString());

        var after = await DotNet.RunAsync(project, "build", "--no-incremental", "-warnaserror", "-nodeReuse:false");
        Assert.True(after.ExitCode == 0, $"{format}{Environment.NewLine}{after}");
        Assert.DoesNotMatch(@"ND\d{4}", after.Output);
    }

    /// <summary>
    /// Copies a sample's sources into a fresh folder outside the repository with a project file that takes the
    /// analyzers from the packed package instead of the repository's projects.
    /// </summary>
    private string CreateConsumer(string name, string sampleDirectory)
    {
        string directory = Path.Combine(package.WorkDirectory, name);
        Directory.CreateDirectory(directory);
        foreach (string source in Directory.GetFiles(sampleDirectory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(sampleDirectory, source);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            string target = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (source.EndsWith(".csproj", StringComparison.Ordinal))
            {
                File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), ConsumerProject(source));
            }
            else
            {
                File.Copy(source, target);
            }
        }

        // A user's project states its package versions itself; stop the repository's build settings leaking in.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="nodowntime-test-feed" value="{package.Feed}" />
              </packageSources>
            </configuration>
            """);
        return directory;
    }

    private string ConsumerProject(string sampleProject)
    {
        var document = XDocument.Load(sampleProject);
        var root = document.Root!;
        string sampleDirectory = Path.GetDirectoryName(sampleProject)!;
        foreach (var reference in root.Descendants("ProjectReference").ToList())
        {
            // The repository's analyzer projects give way to the package; other references (the MongoDB driver
            // stub) stay, found from the copy's new place.
            if ((string?)reference.Attribute("OutputItemType") == "Analyzer")
            {
                reference.Remove();
            }
            else
            {
                reference.SetAttributeValue("Include", Path.GetFullPath(Path.Combine(sampleDirectory, (string)reference.Attribute("Include")!)));
            }
        }

        var versions = CentralPackageVersions();
        foreach (var reference in root.Descendants("PackageReference"))
        {
            string version = (string?)reference.Attribute("VersionOverride") ?? versions[(string)reference.Attribute("Include")!];
            reference.SetAttributeValue("VersionOverride", null);
            reference.SetAttributeValue("Version", version);
        }

        root.Add(new XElement(
            "ItemGroup",
            new XElement(
                "PackageReference",
                new XAttribute("Include", "NoDowntime.Analyzers"),
                new XAttribute("Version", package.Version),
                new XAttribute("PrivateAssets", "all"))));
        return document.ToString();
    }

    /// <summary>The repository's central package versions, with its version properties expanded.</summary>
    private static Dictionary<string, string> CentralPackageVersions()
    {
        var props = XDocument.Load(Repository.PathOf("Directory.Packages.props")).Root!;
        var properties = props.Elements("PropertyGroup").Elements().ToDictionary(e => e.Name.LocalName, e => e.Value);
        return props.Descendants("PackageVersion").ToDictionary(
            e => (string)e.Attribute("Include")!,
            e => Regex.Replace((string)e.Attribute("Version")!, @"\$\((\w+)\)", m => properties[m.Groups[1].Value]));
    }
}
