using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>
/// Verifies a code fix: the diagnostics before, the text after applying the fix one diagnostic at a time, that
/// the result compiles and that the analyzer is then satisfied, and the same through Fix All in document,
/// project and solution scope.
/// </summary>
public class CodeFixTest : AnalyzerTest
{
    private const int MaxIterations = 50;

    public CodeFixTest(CodeFixProvider fix, params DiagnosticAnalyzer[] analyzers)
        : base(analyzers)
    {
        Fix = fix;
    }

    public CodeFixProvider Fix { get; }

    /// <summary>The expected sources after every fix is applied (markup marks diagnostics that remain).</summary>
    public List<string> FixedSources { get; } = new();

    /// <summary>The expected sources after Fix All, where they differ from <see cref="FixedSources"/>.</summary>
    public List<string> BatchFixedSources { get; } = new();

    public List<ExpectedDiagnostic> FixedExpectedDiagnostics { get; } = new();

    /// <summary>Selects the code action by equivalence key; by default the first one offered.</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    public ImmutableArray<FixAllScope> FixAllScopes { get; set; } =
        ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

    public override async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (FixedSources.Count != Sources.Count)
        {
            throw new VerificationException($"The test has {Sources.Count} source(s) but {FixedSources.Count} fixed source(s).");
        }

        var before = TestState.Create(this, Sources, ExpectedDiagnostics);
        await VerifyStateAsync(before, "the test source", cancellationToken).ConfigureAwait(false);

        if (!before.Expected.Any(e => Fix.FixableDiagnosticIds.Contains(e.Id)))
        {
            throw new VerificationException($"The test expects no diagnostic that {Fix.GetType().Name} fixes ({string.Join(", ", Fix.FixableDiagnosticIds)}).");
        }

        var expectedAfter = TestState.Create(this, FixedSources, FixedExpectedDiagnostics);
        Project fixedOneByOne = await FixOneByOneAsync(before.Project, cancellationToken).ConfigureAwait(false);
        await VerifyFixedAsync(expectedAfter, fixedOneByOne, "the fixed source", cancellationToken).ConfigureAwait(false);

        var expectedAfterFixAll = BatchFixedSources.Count > 0
            ? TestState.Create(this, BatchFixedSources, FixedExpectedDiagnostics)
            : expectedAfter;
        foreach (FixAllScope scope in FixAllScopes)
        {
            Project fixedAll = await FixAllAsync(before.Project, scope, cancellationToken).ConfigureAwait(false);
            await VerifyFixedAsync(expectedAfterFixAll, fixedAll, $"the source after Fix All ({scope})", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task VerifyFixedAsync(TestState expected, Project actual, string what, CancellationToken cancellationToken)
    {
        var differences = new StringBuilder();
        for (int i = 0; i < expected.Texts.Count; i++)
        {
            Document document = actual.Documents.Single(d => d.FilePath == expected.FilePath(i));
            string actualText = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
            if (actualText != expected.Texts[i])
            {
                differences.AppendLine($"Test{i}.cs:").Append(TextDiff.Lines(expected.Texts[i], actualText));
            }
        }

        if (differences.Length > 0)
        {
            throw new VerificationException($"Text of {what} differs from the expected text (- expected, + actual):{Environment.NewLine}{differences}");
        }

        await VerifyStateAsync(expected.WithProject(actual), what, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the fix to the first fixable diagnostic, again and again, until none is offered.</summary>
    private async Task<Project> FixOneByOneAsync(Project project, CancellationToken cancellationToken)
    {
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (document, action) = await FindFirstActionAsync(project, cancellationToken).ConfigureAwait(false);
            if (action is null)
            {
                return project;
            }

            project = await ApplyAsync(action, project, cancellationToken).ConfigureAwait(false);
        }

        throw new VerificationException($"The fix was still offered after {MaxIterations} applications: it does not remove its diagnostic.");
    }

    private async Task<Project> FixAllAsync(Project project, FixAllScope scope, CancellationToken cancellationToken)
    {
        FixAllProvider fixAllProvider = Fix.GetFixAllProvider()
            ?? throw new VerificationException($"{Fix.GetType().Name} has no Fix All provider.");
        if (!fixAllProvider.GetSupportedFixAllScopes().Contains(scope))
        {
            throw new VerificationException($"{Fix.GetType().Name}'s Fix All does not support {scope} scope.");
        }

        // Document scope fixes one document per application, so repeat until nothing is left to fix.
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (document, action) = await FindFirstActionAsync(project, cancellationToken).ConfigureAwait(false);
            if (action is null)
            {
                return project;
            }

            if (action.EquivalenceKey is null)
            {
                throw new VerificationException($"The code action '{action.Title}' has no equivalence key, so Fix All cannot group it.");
            }

            var diagnosticProvider = new AnalyzerDiagnosticProvider(this);
            var context = new FixAllContext(document!, Fix, scope, action.EquivalenceKey, Fix.FixableDiagnosticIds, diagnosticProvider, cancellationToken);
            CodeAction? fixAll = await fixAllProvider.GetFixAsync(context).ConfigureAwait(false);
            if (fixAll is null)
            {
                throw new VerificationException($"Fix All ({scope}) produced no code action.");
            }

            Project next = await ApplyAsync(fixAll, project, cancellationToken).ConfigureAwait(false);
            if (next.Solution.GetChanges(project.Solution).GetProjectChanges().All(c => !c.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Any()))
            {
                throw new VerificationException($"Fix All ({scope}) changed nothing although a fix is offered.");
            }

            project = next;
        }

        throw new VerificationException($"Fix All ({scope}) was still offered after {MaxIterations} applications.");
    }

    private async Task<(Document? Document, CodeAction? Action)> FindFirstActionAsync(Project project, CancellationToken cancellationToken)
    {
        var diagnostics = (await GetAnalyzerDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false))
            .Where(d => d.Location.IsInSource && Fix.FixableDiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start);

        foreach (Diagnostic diagnostic in diagnostics)
        {
            Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await Fix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            CodeAction? chosen = CodeActionEquivalenceKey is null
                ? actions.FirstOrDefault()
                : actions.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey);
            if (chosen is not null)
            {
                return (document, chosen);
            }
        }

        return (null, null);
    }

    private static async Task<Project> ApplyAsync(CodeAction action, Project project, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
            ?? throw new VerificationException($"The code action '{action.Title}' does not change the solution.");
        return apply.ChangedSolution.GetProject(project.Id)!;
    }

    /// <summary>Feeds Fix All with the analyzer diagnostics of the project under test.</summary>
    private sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly CodeFixTest test;

        public AnalyzerDiagnosticProvider(CodeFixTest test)
        {
            this.test = test;
        }

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            var all = await test.GetAnalyzerDiagnosticsAsync(document.Project, cancellationToken).ConfigureAwait(false);
            return all.Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var all = await test.GetAnalyzerDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
            return all.Where(d => !d.Location.IsInSource);
        }

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await test.GetAnalyzerDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
    }
}
