using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>
/// Runs analyzers over marked-up test sources and compares what they report with what the markup and the
/// expected diagnostics say, exactly: ID, span and (where the test pins it) message.
/// </summary>
public class AnalyzerTest
{
    internal const string SourceFolder = "/src/";

    private static readonly string ImplicitUsingsSource = string.Join(
        "\n",
        new[]
        {
            "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json",
            "System.Threading", "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
            "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
            "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        }.Select(ns => $"global using global::{ns};"));

    public AnalyzerTest(params DiagnosticAnalyzer[] analyzers)
    {
        Analyzers = analyzers.ToImmutableArray();
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>Test sources with markup; each becomes a document <c>/src/Test{N}.cs</c>.</summary>
    public List<string> Sources { get; } = new();

    public List<ExpectedDiagnostic> ExpectedDiagnostics { get; } = new();

    public ReferenceSet References { get; set; } = ReferenceSet.Default;

    /// <summary>Adds the implicit global usings of an ASP.NET Core web project (as a generated file).</summary>
    public bool ImplicitUsings { get; set; } = true;

    /// <summary>Entries for the <c>[*.cs]</c> section of the project's .editorconfig (full keys).</summary>
    public Dictionary<string, string> EditorConfigOptions { get; } = new();

    /// <summary>Defaults to an executable when a source has top-level statements, else a library.</summary>
    public OutputKind? OutputKind { get; set; }

    public virtual async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var state = TestState.Create(this, Sources, ExpectedDiagnostics);
        await VerifyStateAsync(state, "the test source", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks compiler errors and analyzer diagnostics of one state against its expectations.</summary>
    internal async Task VerifyStateAsync(TestState state, string what, CancellationToken cancellationToken)
    {
        Compilation compilation = (await state.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        VerifyCompilerErrors(compilation, state, what);

        ImmutableArray<Diagnostic> actual = await GetAnalyzerDiagnosticsAsync(state.Project, cancellationToken).ConfigureAwait(false);
        Compare(state, state.Expected.Where(e => !IsCompilerId(e.Id)).ToList(), actual, what);
    }

    /// <summary>Every analyzer diagnostic for the project, failing the test on any analyzer exception.</summary>
    internal async Task<ImmutableArray<Diagnostic>> GetAnalyzerDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        Compilation compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        return await GetAnalyzerDiagnosticsAsync(compilation, project.AnalyzerOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Analyses every token prefix of <paramref name="source"/>, as an editor holds the file while it is typed, and
    /// fails on the first prefix where an analyzer throws. Returns how many prefixes were analysed.
    /// </summary>
    public async Task<int> VerifyEveryPrefixAsync(string source, CancellationToken cancellationToken = default)
    {
        Project project = CreateSolution(new[] { source }).Projects.Single();
        SyntaxTree current = (await project.Documents.Single(d => d.FilePath == SourceFolder + "Test0.cs").GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
        Compilation compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var cuts = (await current.GetRootAsync(cancellationToken).ConfigureAwait(false)).DescendantTokens().Select(t => t.Span.End).Distinct().ToList();

        foreach (int cut in cuts)
        {
            SyntaxTree prefix = CSharpSyntaxTree.ParseText(source.Substring(0, cut), (CSharpParseOptions)current.Options, current.FilePath, cancellationToken: cancellationToken);
            compilation = compilation.ReplaceSyntaxTree(current, prefix);
            current = prefix;
            try
            {
                await GetAnalyzerDiagnosticsAsync(compilation, project.AnalyzerOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (VerificationException failure)
            {
                string tail = source.Substring(Math.Max(0, cut - 40), Math.Min(cut, 40)).Replace("\n", "\\n");
                throw new VerificationException($"On the prefix ending at {cut} ('...{tail}'): {failure.Message}");
            }
        }

        return cuts.Count;
    }

    private async Task<ImmutableArray<Diagnostic>> GetAnalyzerDiagnosticsAsync(Compilation compilation, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            analyzerOptions,
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name} threw {exception}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);

        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(Analyzers, options)
            .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var crashes = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(CultureInfo.InvariantCulture));
        exceptions.AddRange(crashes);
        if (exceptions.Count > 0)
        {
            throw new VerificationException("An analyzer threw:" + Environment.NewLine + string.Join(Environment.NewLine, exceptions.Distinct()));
        }

        return diagnostics;
    }

    internal string DefaultDiagnosticId()
    {
        var ids = Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToList();
        if (ids.Count != 1)
        {
            throw new VerificationException(
                $"'[|...|]' needs a single supported diagnostic, but the analyzers support {string.Join(", ", ids)}; mark spans with '{{|ID:...|}}'.");
        }

        return ids[0];
    }

    internal DiagnosticDescriptor? FindDescriptor(string id) =>
        Analyzers.SelectMany(a => a.SupportedDiagnostics).FirstOrDefault(d => d.Id == id);

    internal Solution CreateSolution(IReadOnlyList<string> texts)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId("TestProject");
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        bool hasTopLevelStatements = texts.Any(t =>
            CSharpSyntaxTree.ParseText(t, parseOptions).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any());
        var compilationOptions = new CSharpCompilationOptions(
            OutputKind ?? (hasTopLevelStatements ? Microsoft.CodeAnalysis.OutputKind.ConsoleApplication : Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary),
            nullableContextOptions: NullableContextOptions.Enable);

        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            filePath: SourceFolder + "TestProject.csproj",
            compilationOptions: compilationOptions,
            parseOptions: parseOptions,
            metadataReferences: MetadataReferences.For(References)));

        for (int i = 0; i < texts.Count; i++)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Test{i}.cs", SourceText.From(texts[i], Encoding.UTF8), filePath: $"{SourceFolder}Test{i}.cs");
        }

        if (ImplicitUsings)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "GlobalUsings.g.cs", SourceText.From(ImplicitUsingsSource, Encoding.UTF8), filePath: SourceFolder + "GlobalUsings.g.cs");
        }

        var editorConfig = new StringBuilder("root = true\n\n[*.cs]\n");
        foreach (var option in EditorConfigOptions)
        {
            editorConfig.Append(option.Key).Append(" = ").Append(option.Value).Append('\n');
        }

        return solution.AddAnalyzerConfigDocument(
            DocumentId.CreateNewId(projectId),
            ".editorconfig",
            SourceText.From(editorConfig.ToString(), Encoding.UTF8),
            filePath: SourceFolder + ".editorconfig");
    }

    internal static bool IsCompilerId(string id) => id.StartsWith("CS", StringComparison.Ordinal);

    private static void VerifyCompilerErrors(Compilation compilation, TestState state, string what)
    {
        var expectedErrors = state.Expected.Where(e => IsCompilerId(e.Id)).ToList();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var unexpected = errors.Where(d => !expectedErrors.Any(e => Matches(state, e, d))).ToList();
        var missing = expectedErrors.Where(e => !errors.Any(d => Matches(state, e, d))).ToList();
        if (unexpected.Count == 0 && missing.Count == 0)
        {
            return;
        }

        var message = new StringBuilder($"Compiler errors in {what} differ from the expected ones (a test source must compile, or mark its errors as {{|CSxxxx:...|}}).");
        foreach (var diagnostic in unexpected)
        {
            message.AppendLine().Append("  unexpected: ").Append(Describe(state, diagnostic));
        }

        foreach (var expected in missing)
        {
            message.AppendLine().Append("  missing:    ").Append(Describe(state, expected));
        }

        throw new VerificationException(message.ToString());
    }

    private static void Compare(TestState state, IReadOnlyList<ExpectedDiagnostic> expected, ImmutableArray<Diagnostic> actual, string what)
    {
        var unmatched = actual.OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToList();
        var missing = new List<ExpectedDiagnostic>();
        var wrongMessages = new List<string>();

        foreach (var expectation in expected)
        {
            var match = unmatched.FirstOrDefault(d => Matches(state, expectation, d));
            if (match is null)
            {
                missing.Add(expectation);
                continue;
            }

            unmatched.Remove(match);
            string? message = expectation.ExpectedMessage();
            string actualMessage = match.GetMessage(CultureInfo.CurrentCulture);
            if (message is not null && message != actualMessage)
            {
                wrongMessages.Add($"  {Describe(state, match)}{Environment.NewLine}    expected message: {message}{Environment.NewLine}    actual message:   {actualMessage}");
            }
        }

        if (missing.Count == 0 && unmatched.Count == 0 && wrongMessages.Count == 0)
        {
            return;
        }

        var report = new StringBuilder($"Diagnostics in {what} differ from the expected ones.");
        foreach (var expectation in missing)
        {
            report.AppendLine().Append("  expected but not reported: ").Append(Describe(state, expectation));
        }

        foreach (var diagnostic in unmatched)
        {
            report.AppendLine().Append("  reported but not expected: ").Append(Describe(state, diagnostic));
        }

        foreach (var line in wrongMessages)
        {
            report.AppendLine().Append(line);
        }

        report.AppendLine().AppendLine().Append("All reported:");
        foreach (var diagnostic in actual)
        {
            report.AppendLine().Append("  ").Append(Describe(state, diagnostic));
        }

        throw new VerificationException(report.ToString());
    }

    private static bool Matches(TestState state, ExpectedDiagnostic expected, Diagnostic actual)
    {
        if (expected.Id != actual.Id)
        {
            return false;
        }

        if (expected.NoLocation)
        {
            return !actual.Location.IsInSource;
        }

        var (document, span) = expected.Location ?? throw new VerificationException($"{expected.Id}: the expected diagnostic has no location.");
        return actual.Location.IsInSource
            && actual.Location.SourceSpan == span
            && actual.Location.SourceTree!.FilePath == state.FilePath(document);
    }

    private static string Describe(TestState state, Diagnostic diagnostic)
    {
        if (!diagnostic.Location.IsInSource)
        {
            return $"{diagnostic.Id} (no location): {diagnostic.GetMessage(CultureInfo.CurrentCulture)}";
        }

        var tree = diagnostic.Location.SourceTree!;
        return $"{diagnostic.Id} at {Where(tree.GetText(), tree.FilePath, diagnostic.Location.SourceSpan)}: {diagnostic.GetMessage(CultureInfo.CurrentCulture)}";
    }

    private static string Describe(TestState state, ExpectedDiagnostic expected)
    {
        if (expected.NoLocation || expected.Location is null)
        {
            return $"{expected.Id} (no location)";
        }

        var (document, span) = expected.Location.Value;
        string message = expected.ExpectedMessage() is { } m ? ": " + m : string.Empty;
        return $"{expected.Id} at {Where(SourceText.From(state.Texts[document]), state.FilePath(document), span)}{message}";
    }

    /// <summary><c>Test0.cs(3,5)-(3,12) 'text'</c>, with 1-based lines and columns as the compiler prints them.</summary>
    private static string Where(SourceText text, string path, TextSpan span)
    {
        var lines = text.Lines.GetLinePositionSpan(span);
        string excerpt = text.ToString(span);
        if (excerpt.Length > 60)
        {
            excerpt = excerpt.Substring(0, 57) + "...";
        }

        excerpt = excerpt.Replace("\n", "\\n");
        return $"{System.IO.Path.GetFileName(path)}({lines.Start.Line + 1},{lines.Start.Character + 1})-({lines.End.Line + 1},{lines.End.Character + 1}) '{excerpt}'";
    }
}
