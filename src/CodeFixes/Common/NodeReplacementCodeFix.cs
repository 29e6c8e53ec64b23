using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Common;

/// <summary>
/// A fix that replaces one syntax node per diagnostic. The rule's fix says which node and what replaces it; this
/// class registers the action under one equivalence key and lets the batch fixer handle Fix All.
/// </summary>
public abstract class NodeReplacementCodeFix : CodeFixProvider
{
    private readonly string equivalenceKey;

    protected NodeReplacementCodeFix(string equivalenceKey) => this.equivalenceKey = equivalenceKey;

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        Document document = context.Document;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (Replace(root, diagnostic) is var (title, node, replacement))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(node, replacement))), equivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The action's title, the node the diagnostic points at and its replacement; null when no fix can be derived.</summary>
    protected abstract (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic);
}
