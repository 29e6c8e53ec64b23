using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>
/// ND3004: <c>client.Timeout = Timeout.InfiniteTimeSpan</c> becomes <c>client.Timeout = TimeSpan.FromSeconds(100)</c>,
/// HttpClient's own default, so the behaviour is the one the framework would have had without the assignment.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FiniteHttpClientTimeoutCodeFix)), Shared]
public sealed class FiniteHttpClientTimeoutCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND3004.FiniteTimeout";

    /// <summary>HttpClient's default timeout, in seconds.</summary>
    private const int DefaultTimeoutSeconds = 100;

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.InfiniteHttpClientTimeout.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment)
            {
                continue;
            }

            ExpressionSyntax finite = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.ParseTypeName("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.IdentifierName("FromSeconds")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(DefaultTimeoutSeconds))))))
                .WithTriviaFrom(assignment.Right);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use a finite timeout ({DefaultTimeoutSeconds} seconds, HttpClient's default)",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(assignment.Right, finite))),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
