using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// Types looked up by metadata name, once per compilation for all of NoDowntime's analyzers. Each analyzer resolves
/// the types it needs when a compilation starts, and several analyzers need the same ones (the four query rules
/// share 35, the seven cancellation rules 22). The table holds no compilation alive.
/// </summary>
internal static class WellKnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, INamedTypeSymbol?>> ByCompilation = new();

    internal static INamedTypeSymbol? Get(Compilation compilation, string metadataName)
    {
        ConcurrentDictionary<string, INamedTypeSymbol?> types = ByCompilation.GetValue(
            compilation,
            _ => new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal));
        if (!types.TryGetValue(metadataName, out INamedTypeSymbol? type))
        {
            type = Find(compilation, metadataName);
            types.TryAdd(metadataName, type);
        }

        return type;
    }

    /// <summary>
    /// What <see cref="Compilation.GetTypeByMetadataName"/> answers for a top-level type: the compilation's own type,
    /// else the core library's, else the only one among the references; null when absent or ambiguous.
    /// <para>
    /// Found through the compilation's merged namespaces instead: <c>GetTypeByMetadataName</c> searches each of the
    /// 200-odd assemblies an ASP.NET Core service references, about 40 microseconds a name, and NoDowntime asks for
    /// some 350 names in every new compilation (in the IDE, after every edit). A merged namespace knows which
    /// assemblies declare it, and the compiler has already built those the program uses.
    /// </para>
    /// </summary>
    internal static INamedTypeSymbol? Find(Compilation compilation, string metadataName)
    {
        int lastDot = metadataName.LastIndexOf('.');
        if (metadataName.IndexOf('+') >= 0 || metadataName.IndexOf('<') >= 0 || lastDot == metadataName.Length - 1)
        {
            // Nested and file-local types (whose metadata name is not their name): none are asked for, and the
            // compiler's search handles them.
            return compilation.GetTypeByMetadataName(metadataName);
        }

        INamespaceSymbol? scope = compilation.GlobalNamespace;
        int start = 0;
        while (scope is not null && start < lastDot)
        {
            int end = metadataName.IndexOf('.', start);
            scope = NamespaceMember(scope, metadataName.Substring(start, end - start));
            start = end + 1;
        }

        if (scope is null)
        {
            return null;
        }

        string name = metadataName.Substring(lastDot + 1);
        int arity = 0;
        int tick = name.IndexOf('`');
        if (tick >= 0)
        {
            if (!int.TryParse(name.Substring(tick + 1), out arity))
            {
                return compilation.GetTypeByMetadataName(metadataName);
            }

            name = name.Substring(0, tick);
        }

        return Choose(compilation, scope.GetTypeMembers(name, arity));
    }

    private static INamespaceSymbol? NamespaceMember(INamespaceSymbol scope, string name)
    {
        foreach (ISymbol member in scope.GetMembers(name))
        {
            if (member is INamespaceSymbol inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static INamedTypeSymbol? Choose(Compilation compilation, ImmutableArray<INamedTypeSymbol> candidates)
    {
        IAssemblySymbol? coreLibrary = null;
        INamedTypeSymbol? fromCore = null;
        INamedTypeSymbol? only = null;
        int count = 0;
        foreach (INamedTypeSymbol candidate in candidates)
        {
            if (IsHiddenByEmbeddedAttribute(candidate))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            coreLibrary ??= compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, coreLibrary))
            {
                fromCore = candidate;
            }

            only = candidate;
            count++;
        }

        return fromCore ?? (count == 1 ? only : null);
    }

    /// <summary>
    /// The compiler's look-up skips types marked <c>[Microsoft.CodeAnalysis.Embedded]</c>: the internal copies of
    /// attributes that many assemblies carry. They are never public, so only non-public types pay for the check.
    /// </summary>
    private static bool IsHiddenByEmbeddedAttribute(INamedTypeSymbol type)
    {
        if (type.DeclaredAccessibility == Accessibility.Public)
        {
            return false;
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "EmbeddedAttribute" } attributeClass && Namespaces.Is(attributeClass.ContainingNamespace, "Microsoft.CodeAnalysis"))
            {
                return true;
            }
        }

        return false;
    }
}
