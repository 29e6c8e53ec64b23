using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Blocking;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using Xunit.Abstractions;

namespace NoDowntime.Analyzers.Tests.Blocking;

/// <summary>
/// The ND1 quality bar of issue #3, measured on a labelled corpus of realistic services (Blocking/Corpus/, one
/// folder per service, copied to the test output and compiled here as one project per service). A line that
/// holds a blocking call on a request path ends with <c>// expect ND1</c>; look-alikes that must stay silent
/// carry <c>// trap</c>. The labels follow the rule catalog, not the analyzer.
/// </summary>
public sealed partial class BlockingCorpusQualityTests
{
    /// <summary>At least this share of the labelled blocking calls must be reported.</summary>
    private const double MinimumRecall = 0.95;

    /// <summary>At most one diagnostic in this many may be a false alarm.</summary>
    private const int DiagnosticsPerAllowedFalseAlarm = 50;

    private static readonly (string Name, ReferenceSet References)[] Services =
    {
        ("OrdersApi", ReferenceSet.Default),
        ("CatalogMinimalApi", ReferenceSet.Default),
        ("EdgeGateway", ReferenceSet.Default),
        ("ChatHub", ReferenceSet.Default),
        ("Workers", ReferenceSet.Default | ReferenceSet.MongoV2),
        ("BillingGrpc", ReferenceSet.Default),
        ("DocumentsPortal", ReferenceSet.Default),
        ("InventoryMvc", ReferenceSet.Default),
    };

    /// <summary>
    /// Findings of the corpus that this branch could not close because the fix belongs in files another change
    /// owns. The bar is checked without them, and each must still occur: when one is closed, remove it here.
    /// </summary>
    private static readonly KnownGap[] KnownGaps =
    {
    };

    private enum GapKind
    {
        Miss,
        FalseAlarm,
    }

    private readonly ITestOutputHelper _output;

    public BlockingCorpusQualityTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> ServiceNames => Services.Select(s => new object[] { s.Name });

    [Fact]
    public async Task Finds_at_least_95_percent_of_labelled_blocking_calls_with_at_most_1_false_alarm_in_50()
    {
        var results = new List<ServiceResult>();
        foreach (var (name, references) in Services)
        {
            results.Add(await AnalyseAsync(name, references));
        }

        string report = Report(results);
        _output.WriteLine(report);

        var findings = results.SelectMany(r => r.Misses.Select(m => (r.Name, Kind: GapKind.Miss, Finding: m))
            .Concat(r.FalseAlarms.Select(f => (r.Name, Kind: GapKind.FalseAlarm, Finding: f)))).ToList();
        var stale = KnownGaps.Where(gap => !findings.Any(f => gap.Matches(f.Name, f.Kind, f.Finding))).ToList();
        Assert.True(stale.Count == 0, "Known gaps that no longer occur (remove them from KnownGaps): " + string.Join("; ", stale));

        bool Known(string service, GapKind kind, Finding finding) => KnownGaps.Any(gap => gap.Matches(service, kind, finding));
        int labelled = results.Sum(r => r.Labelled) - results.Sum(r => r.Misses.Count(m => Known(r.Name, GapKind.Miss, m)));
        int found = results.Sum(r => r.Found);
        int reported = results.Sum(r => r.Reported) - results.Sum(r => r.FalseAlarms.Count(f => Known(r.Name, GapKind.FalseAlarm, f)));
        int falseAlarms = results.Sum(r => r.FalseAlarms.Count(f => !Known(r.Name, GapKind.FalseAlarm, f)));
        double recall = labelled == 0 ? 0 : (double)found / labelled;

        Assert.True(recall >= MinimumRecall, $"Recall {recall:P1} (without known gaps) is below {MinimumRecall:P0}.{Environment.NewLine}{report}");
        Assert.True(
            falseAlarms * DiagnosticsPerAllowedFalseAlarm <= reported,
            $"{falseAlarms} false alarms in {reported} diagnostics (without known gaps) is more than 1 in {DiagnosticsPerAllowedFalseAlarm}.{Environment.NewLine}{report}");
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public async Task Corpus_service_compiles_without_errors(string name)
    {
        var (_, references) = Services.Single(s => s.Name == name);
        var (project, _) = CreateProject(name, references);
        Compilation compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{name} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Corpus_service_is_realistic_in_size_and_labels_both_findings_and_traps(string name)
    {
        var files = ReadService(name);
        int lines = files.Sum(f => f.Text.Split('\n').Length);
        int expected = files.Sum(f => Labels(f.Text).Count);
        int traps = files.Sum(f => f.Text.Split('\n').Count(l => TrapLabel().IsMatch(l)));

        Assert.InRange(lines, 150, 600);
        Assert.True(expected >= 8, $"{name} labels only {expected} blocking calls.");
        Assert.True(traps >= 8, $"{name} labels only {traps} traps.");
        foreach (var (file, text) in files)
        {
            foreach (int line in Labels(text).Keys)
            {
                string code = text.Split('\n')[line].Split("//")[0];
                Assert.False(string.IsNullOrWhiteSpace(code), $"{name}/{file}:{line + 1} labels a line without code.");
            }
        }
    }

    [Fact]
    public void Labels_count_each_expect_marker_on_a_line()
    {
        var labels = Labels("a(); // expect ND1\nb();\nc(); // trap\nd(); // expect ND1 expect ND1\n");

        Assert.Equal(new Dictionary<int, int> { [0] = 1, [3] = 2 }, labels);
    }

    private async Task<ServiceResult> AnalyseAsync(string name, ReferenceSet references)
    {
        var (project, files) = CreateProject(name, references);
        var test = new AnalyzerTest(new BlockingCallAnalyzer());
        ImmutableArray<Diagnostic> diagnostics = await test.GetAnalyzerDiagnosticsAsync(project, default);

        // Remaining label counts per (document path, zero-based line).
        var remaining = new Dictionary<(string Path, int Line), int>();
        for (int i = 0; i < files.Count; i++)
        {
            foreach (var (line, count) in Labels(files[i].Text))
            {
                remaining[(DocumentPath(i), line)] = count;
            }
        }

        int labelled = remaining.Values.Sum();
        var falseAlarms = new List<Finding>();
        var nd1 = diagnostics.Where(d => d.Id.StartsWith("ND1", StringComparison.Ordinal) && d.Location.IsInSource)
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToList();

        foreach (Diagnostic diagnostic in nd1)
        {
            string path = diagnostic.Location.SourceTree!.FilePath;
            var span = diagnostic.Location.GetLineSpan();

            // A diagnostic matches a label on its first line, else on any line its span covers (a call chain that
            // spreads over several lines carries the label where the blocking member is).
            var lines = Enumerable.Range(span.StartLinePosition.Line, span.EndLinePosition.Line - span.StartLinePosition.Line + 1)
                .OrderBy(l => l == span.StartLinePosition.Line ? 0 : 1);
            int? match = lines.Cast<int?>().FirstOrDefault(l => remaining.TryGetValue((path, l!.Value), out int left) && left > 0);
            if (match is int line)
            {
                remaining[(path, line)]--;
                continue;
            }

            int document = Enumerable.Range(0, files.Count).FirstOrDefault(i => DocumentPath(i) == path);
            int at = span.StartLinePosition.Line;
            falseAlarms.Add(new Finding(
                files[document].File, at + 1, files[document].Text.Split('\n')[at].Trim(), $"{diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}"));
        }

        var missed = remaining.Where(r => r.Value > 0)
            .OrderBy(r => r.Key.Path, StringComparer.Ordinal).ThenBy(r => r.Key.Line)
            .SelectMany(r =>
            {
                int index = Enumerable.Range(0, files.Count).Single(i => DocumentPath(i) == r.Key.Path);
                var finding = new Finding(files[index].File, r.Key.Line + 1, files[index].Text.Split('\n')[r.Key.Line].Trim(), "not reported");
                return Enumerable.Repeat(finding, r.Value);
            })
            .ToList();

        return new ServiceResult(name, labelled, labelled - remaining.Values.Sum(), nd1.Count, falseAlarms, missed);
    }

    private static (Project Project, IReadOnlyList<(string File, string Text)> Files) CreateProject(string name, ReferenceSet references)
    {
        var files = ReadService(name);
        var test = new AnalyzerTest(new BlockingCallAnalyzer()) { References = references };
        Project project = test.CreateSolution(files.Select(f => f.Text).ToList()).Projects.Single();
        return (project, files);
    }

    private static IReadOnlyList<(string File, string Text)> ReadService(string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Blocking", "Corpus", name);
        var files = Directory.GetFiles(folder, "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p), File.ReadAllText(p).Replace("\r\n", "\n")))
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>The document path the harness gives the i-th source.</summary>
    private static string DocumentPath(int index) => $"{AnalyzerTest.SourceFolder}Test{index}.cs";

    /// <summary>Zero-based line numbers that carry <c>// expect ND1</c>, with how many blocking calls each labels.</summary>
    private static Dictionary<int, int> Labels(string text)
    {
        var labels = new Dictionary<int, int>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int comment = lines[i].IndexOf("//", StringComparison.Ordinal);
            if (comment < 0)
            {
                continue;
            }

            int count = ExpectLabel().Matches(lines[i].Substring(comment)).Count;
            if (count > 0)
            {
                labels[i] = count;
            }
        }

        return labels;
    }

    private static string Report(IReadOnlyList<ServiceResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("service               labelled  found  recall  reported  false alarms");
        foreach (var r in results)
        {
            text.AppendLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-20} {1,9} {2,6} {3,7:P1} {4,9} {5,13}",
                r.Name,
                r.Labelled,
                r.Found,
                r.Labelled == 0 ? 0 : (double)r.Found / r.Labelled,
                r.Reported,
                r.FalseAlarms.Count));
        }

        int labelled = results.Sum(r => r.Labelled);
        int found = results.Sum(r => r.Found);
        text.AppendLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0,-20} {1,9} {2,6} {3,7:P1} {4,9} {5,13}",
            "TOTAL",
            labelled,
            found,
            labelled == 0 ? 0 : (double)found / labelled,
            results.Sum(r => r.Reported),
            results.Sum(r => r.FalseAlarms.Count)));

        foreach (var r in results)
        {
            foreach (Finding miss in r.Misses)
            {
                string known = KnownGaps.Any(g => g.Matches(r.Name, GapKind.Miss, miss)) ? " (known gap)" : "";
                text.AppendLine($"  missed{known}       {r.Name}/{miss.File}({miss.Line}): {miss.Code}");
            }

            foreach (Finding alarm in r.FalseAlarms)
            {
                string known = KnownGaps.Any(g => g.Matches(r.Name, GapKind.FalseAlarm, alarm)) ? " (known gap)" : "";
                text.AppendLine($"  false alarm{known}  {r.Name}/{alarm.File}({alarm.Line}) {alarm.Detail}");
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\bexpect ND1\b")]
    private static partial Regex ExpectLabel();

    [GeneratedRegex(@"//.*\btrap\b")]
    private static partial Regex TrapLabel();

    private sealed record ServiceResult(string Name, int Labelled, int Found, int Reported, List<Finding> FalseAlarms, List<Finding> Misses);

    /// <summary>A missed label or a false alarm: where, the code on that line, and what was reported.</summary>
    private sealed record Finding(string File, int Line, string Code, string Detail);

    /// <summary>A finding recognised by its service, file and a fragment of the code on its line.</summary>
    private sealed record KnownGap(string Service, string File, string CodeFragment, GapKind Kind)
    {
        public bool Matches(string service, GapKind kind, Finding finding) =>
            service == Service && kind == Kind && finding.File == File && finding.Code.Contains(CodeFragment, StringComparison.Ordinal);
    }
}
