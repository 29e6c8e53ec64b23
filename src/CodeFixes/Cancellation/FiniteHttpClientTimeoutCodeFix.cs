using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using NoDowntime.Analyzers.CodeFixes.Common;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>
/// ND3004: <c>client.Timeout = Timeout.InfiniteTimeSpan</c> becomes <c>client.Timeout = TimeSpan.FromSeconds(100)</c>,
/// HttpClient's own default, so the behaviour is the one the framework would have had without the assignment.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FiniteHttpClientTimeoutCodeFix)), Shared]
public sealed class FiniteHttpClientTimeoutCodeFix : NodeReplacementCodeFix
{
    internal const string EquivalenceKey = "ND3004.FiniteTimeout";

    /// <summary>HttpClient's default timeout, in seconds.</summary>
    private const int DefaultTimeoutSeconds = 100;

    public FiniteHttpClientTimeoutCodeFix()
        : base(EquivalenceKey)
    {
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.InfiniteHttpClientTimeout.Id);

    protected override (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment)
        {
            return null;
        }

        ExpressionSyntax finite = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.IdentifierName("FromSeconds")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(DefaultTimeoutSeconds))))))
            .WithTriviaFrom(assignment.Right);
        return ($"Use a finite timeout ({DefaultTimeoutSeconds} seconds, HttpClient's default)", assignment.Right, finite);
    }
}
