using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>Adds the <c>using</c> directives that code written by the ND5 fixes needs.</summary>
internal static class UsingDirectives
{
    /// <summary>Whether the simple name <paramref name="typeName"/> binds to <paramref name="fullName"/> at <paramref name="position"/>.</summary>
    internal static bool Binds(SemanticModel semanticModel, int position, string typeName, string fullName) =>
        semanticModel.LookupNamespacesAndTypes(position, name: typeName)
            .OfType<INamedTypeSymbol>()
            .Any(t => t.ToDisplayString() == fullName);

    /// <summary>
    /// Appends <c>using N;</c> for each namespace after the file's last using directive (or at the top, above a
    /// blank line, keeping the file's leading comments first).
    /// </summary>
    internal static CompilationUnitSyntax Add(CompilationUnitSyntax unit, IReadOnlyList<string> namespaces)
    {
        if (namespaces.Count == 0)
        {
            return unit;
        }

        string newLine = unit.Usings.Count > 0 ? NewLineOf(unit.Usings.Last()) : "\n";
        var directives = namespaces
            .Select(n => SyntaxFactory.ParseCompilationUnit($"using {n};{newLine}").Usings[0])
            .ToList();

        if (unit.Usings.Count == 0)
        {
            SyntaxTriviaList leading = unit.GetLeadingTrivia();
            unit = unit.WithoutLeadingTrivia();
            directives[0] = directives[0].WithLeadingTrivia(leading);
            int lastIndex = directives.Count - 1;
            directives[lastIndex] = directives[lastIndex].WithTrailingTrivia(directives[lastIndex].GetTrailingTrivia().Add(SyntaxFactory.EndOfLine(newLine)));
        }

        return unit.AddUsings(directives.ToArray());
    }

    private static string NewLineOf(SyntaxNode node)
    {
        foreach (SyntaxTrivia trivia in node.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }
}
