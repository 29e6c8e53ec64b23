using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using NoDowntime.Analyzers.StaticState;

namespace NoDowntime.Analyzers.CodeFixes.StaticState;

/// <summary>What the ND4 fixes share: finding the flagged property and proving a change still compiles.</summary>
internal static class StaticStateFixHelpers
{
    /// <summary>True when the analyzer saw no write or mutation outside initialization, so the setter can go.</summary>
    internal static bool HasNoRuntimeWrites(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(StaticStateAnalyzer.NoRuntimeWritesProperty, out string? value) && value == "true";

    internal static PropertyDeclarationSyntax? FindProperty(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        SyntaxToken token = root.FindToken(span.Start);
        return token.Parent as PropertyDeclarationSyntax;
    }

    /// <summary>The setter of an auto-property, removed; the accessor list keeps its layout.</summary>
    internal static PropertyDeclarationSyntax? WithoutSetter(PropertyDeclarationSyntax property)
    {
        if (property.AccessorList is not { } accessors)
        {
            return null;
        }

        AccessorDeclarationSyntax? setter = accessors.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.SetAccessorDeclaration));
        AccessorDeclarationSyntax? getter = accessors.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
        if (setter is null || getter is null)
        {
            return null;
        }

        // "{ get; set; }" becomes "{ get; }": the getter keeps the space that separated it from the setter's end.
        int index = accessors.Accessors.IndexOf(setter);
        SyntaxList<AccessorDeclarationSyntax> remaining = accessors.Accessors.RemoveAt(index);
        if (index > 0)
        {
            AccessorDeclarationSyntax previous = remaining[index - 1];
            remaining = remaining.Replace(previous, previous.WithTrailingTrivia(setter.GetTrailingTrivia()));
        }

        return property.WithAccessorList(accessors.WithAccessors(remaining));
    }

    /// <summary>
    /// Whether the changed solution compiles in every document that uses <paramref name="symbol"/> (and the
    /// declaring one) with no more errors than before: the fix may only be offered when callers still compile.
    /// </summary>
    internal static async Task<bool> StillCompilesAsync(Document original, Solution changed, ISymbol symbol, CancellationToken cancellationToken)
    {
        Solution solution = original.Project.Solution;
        var documents = new HashSet<DocumentId> { original.Id };
        foreach (ReferencedSymbol referenced in await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (ReferenceLocation location in referenced.Locations)
            {
                documents.Add(location.Document.Id);
            }
        }

        foreach (DocumentId id in documents)
        {
            Document? before = solution.GetDocument(id);
            Document? after = changed.GetDocument(id);
            if (before is null || after is null)
            {
                return false;
            }

            if (await ErrorCountAsync(after, cancellationToken).ConfigureAwait(false) > await ErrorCountAsync(before, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<int> ErrorCountAsync(Document document, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null ? int.MaxValue : model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
    }
}
