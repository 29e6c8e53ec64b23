using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Hosting;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Hosting;

/// <summary>Every ND5 descriptor has its doc page, its release-tracking row and the family's category.</summary>
public class HostingCatalogTests
{
    public static TheoryData<string> Ids() => new(new HostCompositionAnalyzer().SupportedDiagnostics.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_has_a_doc_page_with_its_title_and_severity(string id)
    {
        DiagnosticDescriptor descriptor = new HostCompositionAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);
        string page = Path.Combine(RepositoryRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");

        string[] lines = File.ReadAllLines(page);
        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);
        Assert.Contains(lines, l => l == $"| Default severity | {descriptor.DefaultSeverity} |");
        foreach (string section in new[] { "## What it flags", "## Why it matters", "## How to fix", "## Options", "## Examples" })
        {
            Assert.Contains(section, lines);
        }

        Assert.Contains(lines, l => l.Contains($"dotnet_diagnostic.{id}.severity", StringComparison.Ordinal));
        Assert.Equal(Categories.Hosting, descriptor.Category);
        Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, descriptor.CustomTags);
        Assert.Equal(Rules.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_tracked_as_an_unshipped_release(string id)
    {
        DiagnosticDescriptor descriptor = new HostCompositionAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);
        string releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {nameof(HostCompositionAnalyzer)}", releases, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NoDowntime.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with NoDowntime.Analyzers.sln) was not found above " + AppContext.BaseDirectory);
    }
}
