using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.CodeFixes.Common;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>
/// ND3007: <c>_ = SendAsync(...);</c> or <c>Task.Run(...);</c> becomes <c>await ...;</c> when the enclosing method,
/// local function or lambda is already async. The work then finishes (or fails) with its owner instead of
/// outliving it. Elsewhere the signature would have to change, and a queue drained by a hosted service may be the
/// better design, so no fix is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitFireAndForgetCodeFix)), Shared]
public sealed class AwaitFireAndForgetCodeFix : NodeReplacementCodeFix
{
    internal const string EquivalenceKey = "ND3007.Await";

    public AwaitFireAndForgetCodeFix()
        : base(EquivalenceKey)
    {
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.FireAndForgetWithoutToken.Id);

    protected override (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic)
    {
        InvocationExpressionSyntax? invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            .FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null || StatementOf(invocation) is not { } statement || !CanAwaitAt(statement))
        {
            return null;
        }

        ExpressionStatementSyntax awaited = SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(invocation.WithoutTrivia()))
            .WithTriviaFrom(statement);
        return ("Await the work", statement, awaited);
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
