using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// Types looked up by metadata name, once per compilation for all of NoDowntime's analyzers. Each analyzer resolves
/// the types it needs when a compilation starts, and several analyzers need the same ones (the four query rules
/// share 35, the seven cancellation rules 22); a look-up searches every referenced assembly. The table holds no
/// compilation alive.
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
            type = compilation.GetTypeByMetadataName(metadataName);
            types.TryAdd(metadataName, type);
        }

        return type;
    }
}
