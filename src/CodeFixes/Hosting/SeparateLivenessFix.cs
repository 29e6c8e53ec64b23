using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.Hosting;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// ND5002, where the change is unambiguous: a liveness <c>MapHealthChecks(path)</c> without options gets a
/// predicate on the <c>live</c> tag; a single health endpoint gets separate <c>/health/live</c> and
/// <c>/health/ready</c> endpoints next to it (it stays, since something may probe it).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SeparateLivenessFix)), Shared]
public sealed class SeparateLivenessFix : CodeFixProvider
{
    private const string EquivalenceKey = "ND5002.SeparateLiveness";
    private const string HealthChecksNamespace = "Microsoft.AspNetCore.Diagnostics.HealthChecks";
    private const string LivePredicate = "new HealthCheckOptions { Predicate = check => check.Tags.Contains(\"live\") }";
    private const string ReadyPredicate = "new HealthCheckOptions { Predicate = check => check.Tags.Contains(\"ready\") }";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.LivenessNotSeparated.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            diagnostic.Properties.TryGetValue(LivenessReadinessRule.CaseProperty, out string? kind);
            diagnostic.Properties.TryGetValue(LivenessReadinessRule.PathProperty, out string? path);
            if (kind == LivenessReadinessRule.LivenessRunsAllChecks)
            {
                await RegisterLivenessPredicateAsync(context, diagnostic).ConfigureAwait(false);
            }
            else if (kind == LivenessReadinessRule.SingleEndpoint && path is not null
                && !path.Equals("/health/live", StringComparison.OrdinalIgnoreCase)
                && !path.Equals("/health/ready", StringComparison.OrdinalIgnoreCase))
            {
                HostProgramEditor? editor = await HostProgramEditor.CreateAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
                if (editor is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Map separate '/health/live' and '/health/ready' endpoints",
                        _ =>
                        {
                            editor.RequireNamespace(HealthChecksNamespace, "HealthCheckOptions");
                            editor.AddEndpoints($"{editor.AppName}.MapHealthChecks(\"/health/live\", {LivePredicate});");
                            editor.AddEndpoints($"{editor.AppName}.MapHealthChecks(\"/health/ready\", {ReadyPredicate});");
                            return Task.FromResult(editor.Apply());
                        },
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task RegisterLivenessPredicateAsync(CodeFixContext context, Diagnostic diagnostic)
    {
        Location? liveness = diagnostic.AdditionalLocations.FirstOrDefault();
        Document? document = liveness?.SourceTree is { } tree ? context.Document.Project.GetDocument(tree) : null;
        if (liveness is null || document is null
            || await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root
            || root.FindNode(liveness.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MapHealthChecks" },
                ArgumentList.Arguments.Count: 1,
            } invocation)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Run only checks tagged 'live' on the liveness endpoint",
                cancellationToken => AddPredicateAsync(document, root, invocation, cancellationToken),
                EquivalenceKey),
            diagnostic);
    }

    private static async Task<Solution> AddPredicateAsync(Document document, CompilationUnitSyntax root, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        ArgumentSyntax options = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(LivePredicate))
            .WithLeadingTrivia(SyntaxFactory.Space);
        ArgumentListSyntax arguments = invocation.ArgumentList.AddArguments(options);
        CompilationUnitSyntax newRoot = root.ReplaceNode(invocation.ArgumentList, arguments);

        SemanticModel? semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is not null
            && !UsingDirectives.Binds(semanticModel, invocation.SpanStart, "HealthCheckOptions", HealthChecksNamespace + ".HealthCheckOptions"))
        {
            newRoot = UsingDirectives.Add(newRoot, new[] { HealthChecksNamespace });
        }

        return document.WithSyntaxRoot(newRoot).Project.Solution;
    }
}
