using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// A memo of a per-symbol fact that the driver's threads read and fill at once without taking a lock.
/// <para>
/// A <c>ConcurrentDictionary</c> takes a lock for every new key; asked once for every method or accessor of a
/// program, its callbacks waited on each other whenever a lock holder was preempted (the measured cost was a
/// third of ND1's time on a busy 2-core build). This table is a fixed array, sized for the compilation, filled
/// by compare-and-swap with linear probing and never shrunk: two threads that ask for the same new symbol may
/// both compute the fact, and both return the one that was stored. When the table is crowded the fact is
/// computed without being stored.
/// </para>
/// </summary>
internal sealed class SymbolMemo<TSymbol, TValue>
    where TSymbol : class, ISymbol
{
    private const int MaxProbes = 16;

    private readonly Entry?[] slots;
    private readonly Func<TSymbol, TValue> compute;

    /// <param name="compilation">Sizes the table: about <paramref name="perFile"/> symbols for each file.</param>
    internal SymbolMemo(Compilation compilation, int perFile, Func<TSymbol, TValue> compute)
    {
        int files = compilation.SyntaxTrees is IReadOnlyCollection<SyntaxTree> trees ? trees.Count : 64;
        long wanted = Math.Max(files, 1) * (long)perFile * 2;
        int size = 256;
        while (size < wanted && size < (1 << 22))
        {
            size <<= 1;
        }

        slots = new Entry?[size];
        this.compute = compute;
    }

    internal TValue this[TSymbol symbol] => Get(symbol);

    internal TValue Get(TSymbol symbol)
    {
        int mask = slots.Length - 1;
        int index = SymbolEqualityComparer.Default.GetHashCode(symbol) & mask;
        Entry? fresh = null;
        for (int probe = 0; probe < MaxProbes; probe++, index = (index + 1) & mask)
        {
            Entry? entry = Volatile.Read(ref slots[index]);
            if (entry is null)
            {
                fresh ??= new Entry(symbol, compute(symbol));
                entry = Interlocked.CompareExchange(ref slots[index], fresh, null);
                if (entry is null)
                {
                    return fresh.Value;
                }
            }

            if (SymbolEqualityComparer.Default.Equals(entry.Symbol, symbol))
            {
                return entry.Value;
            }
        }

        return fresh is null ? compute(symbol) : fresh.Value;
    }

    private sealed class Entry
    {
        internal Entry(TSymbol symbol, TValue value)
        {
            Symbol = symbol;
            Value = value;
        }

        internal TSymbol Symbol { get; }

        internal TValue Value { get; }
    }
}
