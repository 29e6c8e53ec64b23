using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using NoDowntime.Analyzers.Tests.Package;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Catalog;

/// <summary>
/// Guards over the whole rule catalog, so a rule added tomorrow ships documented, tracked, listed and tested
/// like every other.
/// </summary>
public class CatalogGuardTests
{
    private static readonly Dictionary<char, string> FamilyCategories = new()
    {
        ['1'] = Categories.Blocking,
        ['2'] = Categories.Queries,
        ['3'] = Categories.Cancellation,
        ['4'] = Categories.StaticState,
        ['5'] = Categories.Hosting,
    };

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (string id in RuleCatalog.Ids)
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void The_catalog_has_rules_with_unique_ids()
    {
        Assert.NotEmpty(RuleCatalog.Ids);
        Assert.Equal(RuleCatalog.Ids.Count, RuleCatalog.Ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_complete(string id)
    {
        var descriptor = Descriptor(id);

        Assert.Matches(@"^ND[1-5]\d{3}$", id);
        Assert.Equal(FamilyCategories[id[2]], descriptor.Category);
        Assert.Equal(Rules.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(descriptor.Title.ToString().EndsWith(".", StringComparison.Ordinal), "A title is not a sentence.");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        Assert.Contains(Rules.ProductTag, descriptor.CustomTags);
        Assert.Contains(id.Substring(0, 3), descriptor.CustomTags);
        Assert.True(descriptor.IsEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_a_doc_page_whose_title_matches(string id)
    {
        string page = Repository.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing.");

        string[] lines = File.ReadAllLines(page);
        Assert.Equal($"# {id}: {Descriptor(id).Title}", lines[0]);
        foreach (string section in new[] { "## What it flags", "## Why it matters", "## How to fix", "## Options", "## Examples" })
        {
            Assert.True(lines.Contains(section), $"docs/rules/{id}.md has no '{section}' section.");
        }

        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Repository.PathOf("docs", "rules", "README.md")));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_a_release_tracking_entry_that_matches(string id)
    {
        var descriptor = Descriptor(id);
        string releases = File.ReadAllText(Repository.PathOf("src", "Analyzers", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Repository.PathOf("src", "Analyzers", "AnalyzerReleases.Unshipped.md"));

        Assert.Matches($@"(?m)^{id}\s*\|\s*{Regex.Escape(descriptor.Category)}\s*\|\s*{descriptor.DefaultSeverity}\s*\|", releases);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_a_readme_row(string id)
    {
        string readme = File.ReadAllText(Repository.PathOf("README.md"));
        string title = Regex.Escape(Descriptor(id).Title.ToString());

        Assert.Matches($@"(?m)^\| \[{id}\]\(docs/rules/{id}\.md\) \| {title} \| {Descriptor(id).DefaultSeverity} \| .+ \|$", readme);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Is_reported_by_exactly_one_analyzer(string id)
    {
        Assert.Single(RuleCatalog.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_flagging_and_leave_alone_tests(string id)
    {
        // A rule's tests name it by ID (markup, expected diagnostics) or by its Rules field.
        string field = typeof(Rules).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
            .Single(f => f.GetValue(null) is DiagnosticDescriptor d && d.Id == id).Name;
        string analyzer = RuleCatalog.Analyzers.Single(a => a.SupportedDiagnostics.Any(d => d.Id == id)).GetType().Name;
        var testFiles = Directory.GetFiles(Repository.PathOf("tests", "NoDowntime.Analyzers.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Where(text => text.Contains(analyzer, StringComparison.Ordinal))
            .ToList();

        Assert.Contains(testFiles, text => Regex.IsMatch(text, $@"void Flags_|Task Flags_") && (text.Contains(id, StringComparison.Ordinal) || text.Contains("Rules." + field, StringComparison.Ordinal) || SupportsOnly(analyzer, id)));
        Assert.Contains(testFiles, text => Regex.IsMatch(text, $@"void Leaves_|Task Leaves_"));
    }

    [Fact]
    public void Every_analyzer_reports_only_catalog_rules()
    {
        Assert.NotEmpty(RuleCatalog.Analyzers);
        foreach (var analyzer in RuleCatalog.Analyzers)
        {
            Assert.All(analyzer.SupportedDiagnostics, d => Assert.Contains(d.Id, RuleCatalog.Ids));
        }
    }

    [Fact]
    public void Every_code_fix_is_exported_fixes_catalog_rules_and_supports_fix_all()
    {
        Assert.NotEmpty(RuleCatalog.CodeFixes);
        foreach (var fix in RuleCatalog.CodeFixes)
        {
            Assert.NotEmpty(fix.FixableDiagnosticIds);
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, RuleCatalog.Ids));
            Assert.NotNull(fix.GetFixAllProvider());
            Assert.True(
                fix.GetType().GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), inherit: false).Length == 1,
                $"{fix.GetType().Name} is not exported, so no IDE or dotnet format finds it.");
        }
    }

    private static bool SupportsOnly(string analyzer, string id) =>
        RuleCatalog.Analyzers.Single(a => a.GetType().Name == analyzer).SupportedDiagnostics.All(d => d.Id == id);

    private static DiagnosticDescriptor Descriptor(string id) => RuleCatalog.Descriptors.Single(d => d.Id == id);
}
