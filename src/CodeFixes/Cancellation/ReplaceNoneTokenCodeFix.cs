using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.Cancellation;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3002: replace <c>CancellationToken.None</c> / <c>default</c> with the token in scope.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceNoneTokenCodeFix)), Shared]
public sealed class ReplaceNoneTokenCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND3002.ReplaceNone";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoneTokenWhileAvailable.Id);

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
            if (!diagnostic.Properties.TryGetValue(NoneTokenWhileAvailableAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
            {
                continue;
            }

            if (value.Parent is ArgumentSyntax argument && argument.Expression != value)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Pass '{token}'", ct => ReplaceAsync(context.Document, value, token!, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax value, string token, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(value, SyntaxFactory.ParseExpression(token).WithTriviaFrom(value)));
    }
}
