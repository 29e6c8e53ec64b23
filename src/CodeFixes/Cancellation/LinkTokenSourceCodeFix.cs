using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using NoDowntime.Analyzers.Cancellation;
using NoDowntime.Analyzers.CodeFixes.Common;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3006: <c>new CancellationTokenSource()</c> becomes <c>CancellationTokenSource.CreateLinkedTokenSource(token)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LinkTokenSourceCodeFix)), Shared]
public sealed class LinkTokenSourceCodeFix : NodeReplacementCodeFix
{
    internal const string EquivalenceKey = "ND3006.LinkSource";

    public LinkTokenSourceCodeFix()
        : base(EquivalenceKey)
    {
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.UnlinkedTokenSource.Id);

    protected override (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(UnlinkedTokenSourceAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
        {
            return null;
        }

        ExpressionSyntax linked = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName("global::System.Threading.CancellationTokenSource").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.IdentifierName("CreateLinkedTokenSource")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token!)))))
            .WithTriviaFrom(creation);
        return ($"Link the source to '{token}'", creation, linked);
    }
}
