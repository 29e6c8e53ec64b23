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

namespace NoDowntime.Analyzers.CodeFixes.StaticState;

/// <summary>
/// ND4002 on a static field that is not <c>readonly</c>: nothing assigns the field after initialization (only
/// its contents change, or ND4001 would have been reported), so <c>readonly</c> can be added. The contents stay
/// shared state, so the diagnostic remains until they move out of static storage; the fix only stops the field
/// from being replaced as well. Offered only when every use still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeStaticFieldReadonlyFix)), Shared]
public sealed class MakeStaticFieldReadonlyFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND4002.AddReadonly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.StaticCollectionMutatedAtRunTime.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            Document? fixedDocument = await TryFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (fixedDocument is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add 'readonly' (the contents remain shared state)", _ => Task.FromResult(fixedDocument), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document?> TryFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not VariableDeclaratorSyntax variable
            || variable.Parent?.Parent is not FieldDeclarationSyntax field
            || field.Declaration.Variables.Count != 1
            || field.Modifiers.Any(m => m.IsKind(SyntaxKind.ReadOnlyKeyword) || m.IsKind(SyntaxKind.VolatileKeyword) || m.IsKind(SyntaxKind.ConstKeyword))
            || model.GetDeclaredSymbol(variable, cancellationToken) is not IFieldSymbol { IsStatic: true } symbol)
        {
            return null;
        }

        // "private static List<T> x" becomes "private static readonly List<T> x": readonly goes after static.
        SyntaxToken readonlyToken = SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        int staticIndex = field.Modifiers.IndexOf(SyntaxKind.StaticKeyword);
        SyntaxTokenList modifiers = field.Modifiers.Insert(staticIndex + 1, readonlyToken);
        FieldDeclarationSyntax fixedField = field.WithModifiers(modifiers);

        Document changed = document.WithSyntaxRoot(root.ReplaceNode(field, fixedField));
        return await StaticStateFixHelpers.StillCompilesAsync(document, changed.Project.Solution, symbol, cancellationToken).ConfigureAwait(false)
            ? changed
            : null;
    }
}
