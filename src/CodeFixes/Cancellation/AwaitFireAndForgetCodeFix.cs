using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>
/// ND3007: <c>_ = SendAsync(...);</c> or <c>Task.Run(...);</c> becomes <c>await ...;</c> when the enclosing method,
/// local function or lambda is already async. The work then finishes (or fails) with its owner instead of
/// outliving it. Elsewhere the signature would have to change, and a queue drained by a hosted service may be the
/// better design, so no fix is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitFireAndForgetCodeFix)), Shared]
public sealed class AwaitFireAndForgetCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND3007.Await";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.FireAndForgetWithoutToken.Id);

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
            InvocationExpressionSyntax? invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null || StatementOf(invocation) is not { } statement || !CanAwaitAt(statement))
            {
                continue;
            }

            ExpressionStatementSyntax awaited = SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(invocation.WithoutTrivia()))
                .WithTriviaFrom(statement);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Await the work",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement, awaited))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The statement that throws the task away: <c>Work();</c> or <c>_ = Work();</c>, with the call as its whole value.</summary>
    private static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax invocation) => invocation.Parent switch
    {
        ExpressionStatementSyntax statement => statement,
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax statement } => statement,
        _ => null,
    };

    /// <summary>The nearest enclosing function is async, and nothing between it and the statement forbids <c>await</c>.</summary>
    private static bool CanAwaitAt(SyntaxNode statement)
    {
        for (SyntaxNode? node = statement.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case LockStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
