using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NoDowntime.Analyzers.CodeFixes.StaticState;

/// <summary>
/// ND4003: a static auto-property that nothing sets after initialization loses its setter, the property
/// counterpart of adding <c>readonly</c>. Offered only when every use still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeStaticPropertyGetOnlyFix)), Shared]
public sealed class MakeStaticPropertyGetOnlyFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND4003.MakeGetOnly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.StaticPropertySettable.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!StaticStateFixHelpers.HasNoRuntimeWrites(diagnostic))
            {
                continue;
            }

            Document? fixedDocument = await TryFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (fixedDocument is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Make the static property get-only", _ => Task.FromResult(fixedDocument), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document?> TryFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || StaticStateFixHelpers.FindProperty(root, diagnostic.Location.SourceSpan) is not { } property
            || model.GetDeclaredSymbol(property, cancellationToken) is not { } symbol
            || StaticStateFixHelpers.WithoutSetter(property) is not { } getOnly)
        {
            return null;
        }

        Document changed = document.WithSyntaxRoot(root.ReplaceNode(property, getOnly));
        return await StaticStateFixHelpers.StillCompilesAsync(document, changed.Project.Solution, symbol, cancellationToken).ConfigureAwait(false)
            ? changed
            : null;
    }
}
