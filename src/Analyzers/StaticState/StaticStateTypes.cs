using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.StaticState;

/// <summary>
/// What the ND4 rules know about types, resolved once per compilation: which types are thread-safe
/// infrastructure that carries no request state, which are immutable, and which mutate through well-known
/// method names.
/// </summary>
internal sealed class StaticStateTypes
{
    /// <summary>Types left alone wherever they appear (the type itself, a base type or an interface).</summary>
    private static readonly string[] AllowedMetadataNames =
    {
        "Microsoft.Extensions.Logging.ILogger",
        "Microsoft.Extensions.Logging.ILoggerFactory",
        "Microsoft.Extensions.Logging.ILoggerProvider",
        "Serilog.ILogger",
        "NLog.ILogger",
        "NLog.Logger",
        "log4net.ILog",
        "System.Diagnostics.ActivitySource",
        "System.Diagnostics.TraceSource",
        "OpenTelemetry.Trace.Tracer",
        "System.Diagnostics.DiagnosticSource",
        "System.Diagnostics.Tracing.EventSource",
        "System.Diagnostics.Metrics.Meter",
        "System.Diagnostics.Metrics.Instrument",
        "System.Diagnostics.Metrics.IMeterFactory",
        "System.Net.Http.HttpMessageInvoker",
        "System.Net.Http.IHttpClientFactory",
        "System.Net.Http.HttpMessageHandler",
        "System.Text.Json.JsonSerializerOptions",
        "Newtonsoft.Json.JsonSerializerSettings",
        "Newtonsoft.Json.JsonSerializer",
        "System.Text.RegularExpressions.Regex",
        "Microsoft.Extensions.ObjectPool.ObjectPool`1",
        "Microsoft.Extensions.ObjectPool.ObjectPoolProvider",
        "System.Buffers.ArrayPool`1",
        "System.Buffers.MemoryPool`1",
        "System.Threading.AsyncLocal`1",
        "System.Threading.SemaphoreSlim",
        "System.Threading.Lock",
        "System.Random",
        "System.TimeProvider",
        "System.StringComparer",
        "System.Text.Encoding",
        "System.Globalization.CultureInfo",
        "Microsoft.IO.RecyclableMemoryStreamManager",
        "Polly.ResiliencePipeline",
        "Polly.ResiliencePipeline`1",
        "Polly.IsPolicy",
    };

    private static readonly string[] ImmutableMetadataNames =
    {
        "System.Collections.ObjectModel.ReadOnlyCollection`1",
        "System.Collections.ObjectModel.ReadOnlyDictionary`2",
        "System.Collections.ObjectModel.ReadOnlySet`1",
        "System.Collections.ObjectModel.ReadOnlyObservableCollection`1",
        "System.Uri",
        "System.Version",
    };

    /// <summary>Metadata types that are not collections but change through the mutating method names.</summary>
    private static readonly string[] MutableNonCollectionMetadataNames =
    {
        "System.Text.StringBuilder",
        "Microsoft.Extensions.Caching.Memory.IMemoryCache",
        "System.Runtime.Caching.ObjectCache",
        "System.Threading.Channels.ChannelWriter`1",
        "System.Threading.Channels.ChannelReader`1",
    };

    /// <summary>Instance methods that change the receiver's contents on collections, builders and caches.</summary>
    internal static readonly ImmutableHashSet<string> InstanceMutators = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "Add", "AddFirst", "AddLast", "AddBefore", "AddAfter", "AddRange", "AddOrUpdate", "AddOrGetExisting",
        "Append", "AppendLine", "AppendFormat", "AppendJoin", "Clear", "Compact", "Complete", "CreateEntry",
        "Dequeue", "Enqueue", "EnqueueRange", "ExceptWith", "GetOrAdd", "Insert", "InsertRange", "IntersectWith",
        "Pop", "Push", "PushRange", "ReadAsync", "Remove", "RemoveAll", "RemoveAt", "RemoveFirst", "RemoveLast",
        "RemoveRange", "RemoveWhere", "Replace", "Reverse", "Set", "SetAll", "Sort", "SymmetricExceptWith", "Take",
        "Trim", "TryAdd", "TryComplete", "TryDequeue", "TryPop", "TryPopRange", "TryRead", "TryRemove", "TryTake",
        "TryUpdate", "TryWrite", "UnionWith", "WriteAsync");

    /// <summary>Extension methods that change their first argument (CollectionExtensions, CacheExtensions).</summary>
    internal static readonly ImmutableHashSet<string> ExtensionMutators = ImmutableHashSet.Create(
        StringComparer.Ordinal, "TryAdd", "Remove", "Set", "GetOrCreate", "GetOrCreateAsync", "AddRange");

    private readonly HashSet<ITypeSymbol> allowed = new(SymbolEqualityComparer.Default);
    // Lock-free: most types are asked about more than once, and a new key took a stripe lock. Compared as symbols
    // (not by identity): a type's public object differs with its nullability.
    private readonly Memo<ITypeSymbol, bool> allowedCache;
    private readonly Memo<ITypeSymbol, bool> namedMutatorsCache;
    private readonly HashSet<ITypeSymbol> immutable = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ITypeSymbol> mutableNonCollections = new(SymbolEqualityComparer.Default);

    internal StaticStateTypes(Compilation compilation)
    {
        allowedCache = new Memo<ITypeSymbol, bool>(64, SymbolEqualityComparer.Default, type => ComputeIsAllowed(type, ImmutableHashSet<string>.Empty));
        namedMutatorsCache = new Memo<ITypeSymbol, bool>(64, SymbolEqualityComparer.Default, type => ComputeHasNamedMutators(type, ImmutableHashSet<string>.Empty));
        Resolve(compilation, AllowedMetadataNames, allowed);
        Resolve(compilation, ImmutableMetadataNames, immutable);
        Resolve(compilation, MutableNonCollectionMetadataNames, mutableNonCollections);
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        Interlocked = WellKnownTypes.Get(compilation, "System.Threading.Interlocked");
        Volatile = WellKnownTypes.Get(compilation, "System.Threading.Volatile");
        LazyInitializer = WellKnownTypes.Get(compilation, "System.Threading.LazyInitializer");
        Array = compilation.GetSpecialType(SpecialType.System_Array);
        CollectionsMarshal = WellKnownTypes.Get(compilation, "System.Runtime.InteropServices.CollectionsMarshal");
    }

    internal INamedTypeSymbol? Enumerable { get; }

    internal INamedTypeSymbol? Interlocked { get; }

    internal INamedTypeSymbol? Volatile { get; }

    internal INamedTypeSymbol? LazyInitializer { get; }

    internal INamedTypeSymbol? Array { get; }

    internal INamedTypeSymbol? CollectionsMarshal { get; }

    /// <summary>
    /// True for thread-safe infrastructure that carries no request state, built in or named by the
    /// <c>nodowntime.static_state.allowed_types</c> option (full names, generic arity optional).
    /// </summary>
    internal bool IsAllowed(ITypeSymbol? type, ImmutableHashSet<string> extra)
    {
        if (type is null)
        {
            return false;
        }

        // Without extra names the answer depends on the type alone: remember it for the compilation.
        if (extra.Count != 0)
        {
            return ComputeIsAllowed(type, extra);
        }

        return allowedCache.Get(type);
    }

    private bool ComputeIsAllowed(ITypeSymbol type, ImmutableHashSet<string> extra)
    {
        if (type is IArrayTypeSymbol)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        foreach (ITypeSymbol candidate in SelfBasesAndInterfaces(type))
        {
            ITypeSymbol original = candidate.OriginalDefinition;
            if (allowed.Contains(original) || Namespaces.Is(original.ContainingNamespace, "System.Diagnostics.Metrics"))
            {
                return true;
            }

            if (extra.Count > 0 && (extra.Contains(FullName(original)) || extra.Contains(original.Name)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Immutable and frozen types: their "Add" returns a new value and changes nothing.</summary>
    internal bool IsImmutable(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        ITypeSymbol original = type.OriginalDefinition;
        return immutable.Contains(original)
            || Namespaces.Is(original.ContainingNamespace, "System.Collections.Immutable")
            || Namespaces.Is(original.ContainingNamespace, "System.Collections.Frozen");
    }

    /// <summary>
    /// A metadata receiver whose mutating method names really mutate it: a non-immutable collection
    /// (anything enumerable), a string builder, a memory cache or a channel end.
    /// </summary>
    internal bool HasNamedMutators(ITypeSymbol? type, ImmutableHashSet<string> extra)
    {
        if (type is null)
        {
            return false;
        }

        if (extra.Count != 0)
        {
            return ComputeHasNamedMutators(type, extra);
        }

        return namedMutatorsCache.Get(type);
    }

    private bool ComputeHasNamedMutators(ITypeSymbol type, ImmutableHashSet<string> extra)
    {
        // Already memoised per type by the caller: the allowed check is computed here, not written to its own memo.
        if (type is IArrayTypeSymbol || type.TypeKind == TypeKind.TypeParameter || IsImmutable(type) || ComputeIsAllowed(type, extra))
        {
            return false;
        }

        foreach (ITypeSymbol candidate in SelfBasesAndInterfaces(type))
        {
            if (mutableNonCollections.Contains(candidate.OriginalDefinition)
                || (Enumerable is not null && SymbolEqualityComparer.Default.Equals(candidate, Enumerable)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type's namespace-qualified name with nesting but without generic arguments or arity.</summary>
    internal static string FullName(ITypeSymbol type)
    {
        string name = type.Name;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.Name + "." + name;
        }

        INamespaceSymbol? ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    /// <summary>Option entries normalised to <see cref="FullName"/>'s form: generic arity and arguments dropped.</summary>
    internal static ImmutableHashSet<string> ParseAllowedTypes(ImmutableArray<string> entries)
    {
        if (entries.IsDefaultOrEmpty)
        {
            return ImmutableHashSet<string>.Empty;
        }

        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (string entry in entries)
        {
            string name = entry.StartsWith("global::", StringComparison.Ordinal) ? entry.Substring("global::".Length) : entry;
            int cut = name.IndexOfAny(new[] { '`', '<' });
            if (cut >= 0)
            {
                name = name.Substring(0, cut);
            }

            name = name.Trim();
            if (name.Length > 0)
            {
                builder.Add(name);
            }
        }

        return builder.ToImmutable();
    }

    private static IEnumerable<ITypeSymbol> SelfBasesAndInterfaces(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }

        foreach (INamedTypeSymbol face in type.AllInterfaces)
        {
            yield return face;
        }
    }

    private static void Resolve(Compilation compilation, string[] names, HashSet<ITypeSymbol> into)
    {
        foreach (string name in names)
        {
            if (WellKnownTypes.Get(compilation, name) is { } type)
            {
                into.Add(type);
            }
        }
    }
}
