using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.Cancellation;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3001: pass the token in scope (a named argument when positions are ambiguous), or add <c>WithCancellation</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassAvailableTokenCodeFix)), Shared]
public sealed class PassAvailableTokenCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND3001.PassToken";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.CancellableCallWithoutToken.Id);

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
            if (!diagnostic.Properties.TryGetValue(CancellableCallWithoutTokenAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token))
            {
                continue;
            }

            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            string title = $"Pass '{token}'";
            if (diagnostic.Properties.ContainsKey(CancellableCallWithoutTokenAnalyzer.WithCancellationProperty))
            {
                if (node is ExpressionSyntax collection)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => ReplaceAsync(context.Document, collection, TokenArguments.WithCancellation(collection, token!), ct), EquivalenceKey),
                        diagnostic);
                }

                continue;
            }

            InvocationExpressionSyntax? invocation = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (invocation is null || !diagnostic.Properties.TryGetValue(CancellableCallWithoutTokenAnalyzer.ParameterProperty, out string? parameter) || parameter is null)
            {
                continue;
            }

            bool named = diagnostic.Properties.TryGetValue(CancellableCallWithoutTokenAnalyzer.NamedProperty, out string? namedText) && namedText == "true";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(context.Document, invocation, TokenArguments.AddToken(invocation, token!, parameter, named), ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
    }
}
