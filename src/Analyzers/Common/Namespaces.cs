using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// Namespace tests that compare names part by part instead of building the dotted name (<c>ToDisplayString</c>
/// allocates a string on every call, and these tests run for every call of a program).
/// </summary>
internal static class Namespaces
{
    /// <summary>Whether <paramref name="ns"/> is exactly <paramref name="dotted"/> ("System.Linq").</summary>
    internal static bool Is(INamespaceSymbol? ns, string dotted) => MatchesFromEnd(ns, dotted, dotted.Length);

    /// <summary>Whether <paramref name="ns"/> is <paramref name="dotted"/> or a namespace inside it.</summary>
    internal static bool IsWithin(INamespaceSymbol? ns, string dotted)
    {
        int depth = 0;
        for (INamespaceSymbol? current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            depth++;
        }

        int wanted = 1;
        foreach (char c in dotted)
        {
            if (c == '.')
            {
                wanted++;
            }
        }

        // Climb to the ancestor with as many parts as the wanted name, then compare it exactly.
        INamespaceSymbol? ancestor = ns;
        for (; depth > wanted && ancestor is not null; depth--)
        {
            ancestor = ancestor.ContainingNamespace;
        }

        return depth == wanted && MatchesFromEnd(ancestor, dotted, dotted.Length);
    }

    private static bool MatchesFromEnd(INamespaceSymbol? ns, string dotted, int end)
    {
        for (INamespaceSymbol? current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            string name = current.Name;
            int start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(dotted, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingNamespace is null || current.ContainingNamespace.IsGlobalNamespace;
            }

            if (dotted[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
        }

        return false;
    }
}
