using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using NoDowntime.Analyzers.Cancellation;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3006: <c>new CancellationTokenSource()</c> becomes <c>CancellationTokenSource.CreateLinkedTokenSource(token)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LinkTokenSourceCodeFix)), Shared]
public sealed class LinkTokenSourceCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND3006.LinkSource";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.UnlinkedTokenSource.Id);

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
            if (!diagnostic.Properties.TryGetValue(UnlinkedTokenSourceAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Link the source to '{token}'", ct => FixAsync(context.Document, creation, token!, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, BaseObjectCreationExpressionSyntax creation, string token, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax linked = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName("global::System.Threading.CancellationTokenSource").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.IdentifierName("CreateLinkedTokenSource")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)))))
            .WithTriviaFrom(creation);
        return document.WithSyntaxRoot(root.ReplaceNode(creation, linked));
    }
}
