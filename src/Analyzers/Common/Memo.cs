using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// A memo of a fact per key (a symbol, a syntax tree) that the driver's threads read and fill at once without
/// taking a lock.
/// <para>
/// A <c>ConcurrentDictionary</c> takes a lock for every new key; asked once for every method or accessor of a
/// program, its callbacks waited on each other whenever a lock holder was preempted (a third of ND1's time on a
/// busy 2-core build). This table is a fixed array, sized for the compilation, filled by compare-and-swap with
/// linear probing and never shrunk: two threads that ask for the same new key may both compute the fact, and
/// both return the one that was stored. When the table is crowded the fact is computed without being stored.
/// </para>
/// </summary>
internal sealed class Memo<TKey, TValue>
    where TKey : class
{
    private const int MaxProbes = 16;

    private readonly Entry?[] slots;
    private readonly IEqualityComparer<TKey> comparer;
    private readonly Func<TKey, TValue> compute;

    /// <param name="expected">About how many keys the memo will hold; the table is at least twice as large.</param>
    internal Memo(long expected, IEqualityComparer<TKey> comparer, Func<TKey, TValue> compute)
    {
        int size = 64;
        while (size < expected * 2 && size < (1 << 22))
        {
            size <<= 1;
        }

        slots = new Entry?[size];
        this.comparer = comparer;
        this.compute = compute;
    }

    internal TValue Get(TKey key)
    {
        int mask = slots.Length - 1;
        int index = comparer.GetHashCode(key) & mask;
        Entry? fresh = null;
        for (int probe = 0; probe < MaxProbes; probe++, index = (index + 1) & mask)
        {
            Entry? entry = Volatile.Read(ref slots[index]);
            if (entry is null)
            {
                fresh ??= new Entry(key, compute(key));
                entry = Interlocked.CompareExchange(ref slots[index], fresh, null);
                if (entry is null)
                {
                    return fresh.Value;
                }
            }

            if (comparer.Equals(entry.Key, key))
            {
                return entry.Value;
            }
        }

        return fresh is null ? compute(key) : fresh.Value;
    }

    private sealed class Entry
    {
        internal Entry(TKey key, TValue value)
        {
            Key = key;
            Value = value;
        }

        internal TKey Key { get; }

        internal TValue Value { get; }
    }
}

/// <summary>Memos sized for a compilation.</summary>
internal static class Memo
{
    /// <summary>A memo per symbol, expected to hold about <paramref name="perFile"/> symbols for each file of the compilation.</summary>
    internal static Memo<TSymbol, TValue> ForSymbols<TSymbol, TValue>(Compilation compilation, int perFile, Func<TSymbol, TValue> compute)
        where TSymbol : class, ISymbol =>
        new(Files(compilation) * (long)perFile, SymbolEqualityComparer.Default, compute);

    /// <summary>A memo per syntax tree of the compilation.</summary>
    internal static Memo<SyntaxTree, TValue> ForTrees<TValue>(Compilation? compilation, Func<SyntaxTree, TValue> compute) =>
        new(compilation is null ? 4096 : Files(compilation), EqualityComparer<SyntaxTree>.Default, compute);

    private static int Files(Compilation compilation) =>
        compilation.SyntaxTrees is IReadOnlyCollection<SyntaxTree> trees ? Math.Max(trees.Count, 1) : 64;
}
