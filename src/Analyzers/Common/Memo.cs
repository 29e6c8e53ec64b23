using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// A memo of a fact per key (a symbol, a syntax tree) that the driver's threads read and fill at once without
/// taking a lock.
/// <para>
/// A <c>ConcurrentDictionary</c> takes a lock for every new key; asked once for every method or accessor of a
/// program, its callbacks waited on each other whenever a lock holder was preempted (a third of ND1's time on a
/// busy 2-core build). This table is an array filled by compare-and-swap with linear probing: two threads that
/// ask for the same new key may both compute the fact, and both return the one that was stored. When a key finds
/// no free slot near its own, the table is copied into one twice as large; an entry stored in the old table while
/// it is copied is lost, which only means it is computed again. It starts small, because an editor analyses one
/// document of a large compilation after each keystroke.
/// </para>
/// </summary>
internal sealed class Memo<TKey, TValue>
    where TKey : class
{
    private const int MaxProbes = 32;
    private const int MaxSize = 1 << 22;

    private readonly IEqualityComparer<TKey> comparer;
    private readonly Func<TKey, TValue> compute;
    private Entry?[] slots;
    private int count;

    /// <param name="expected">About how many keys the memo will hold at first; it grows when it needs to.</param>
    internal Memo(int expected, IEqualityComparer<TKey> comparer, Func<TKey, TValue> compute)
    {
        int size = 64;
        while (size < expected * 2 && size < MaxSize)
        {
            size <<= 1;
        }

        slots = new Entry?[size];
        this.comparer = comparer;
        this.compute = compute;
    }

    /// <summary>The number of slots (tests check the growth policy with it).</summary>
    internal int Capacity => Volatile.Read(ref slots).Length;

    internal TValue Get(TKey key)
    {
        int hash = comparer.GetHashCode(key);
        Entry? fresh = null;
        while (true)
        {
            Entry?[] table = Volatile.Read(ref slots);
            int mask = table.Length - 1;
            int index = Slot(hash, mask);
            for (int probe = 0; probe < MaxProbes; probe++, index = (index + 1) & mask)
            {
                Entry? entry = Volatile.Read(ref table[index]);
                if (entry is null)
                {
                    fresh ??= new Entry(key, hash, compute(key));
                    entry = Interlocked.CompareExchange(ref table[index], fresh, null);
                    if (entry is null)
                    {
                        Interlocked.Increment(ref count);
                        return fresh.Value;
                    }
                }

                if (entry.Hash == hash && comparer.Equals(entry.Key, key))
                {
                    return entry.Value;
                }
            }

            // A crowded neighbourhood in a table that is mostly empty means colliding hashes, not a full table.
            if (table.Length >= MaxSize || Volatile.Read(ref count) < table.Length / 4)
            {
                return fresh is null ? compute(key) : fresh.Value;
            }

            Grow(table);
        }
    }

    private void Grow(Entry?[] table)
    {
        var larger = new Entry?[table.Length * 2];
        int mask = larger.Length - 1;
        int copied = 0;
        foreach (Entry? entry in table)
        {
            if (entry is null)
            {
                continue;
            }

            copied++;
            int index = Slot(entry.Hash, mask);
            while (larger[index] is not null)
            {
                index = (index + 1) & mask;
            }

            larger[index] = entry;
        }

        // Whoever grew the table first wins; the others' copies are dropped.
        if (Interlocked.CompareExchange(ref slots, larger, table) == table)
        {
            Volatile.Write(ref count, copied);
        }
    }

    /// <summary>
    /// The first slot of a hash, after mixing its bits (the 32-bit finalizer of MurmurHash3) so that the slot depends
    /// on all of them: identity hashes come from a per-thread linear congruential sequence whose low bits alone
    /// cluster badly.
    /// </summary>
    private static int Slot(int hash, int mask)
    {
        uint mixed = (uint)hash;
        mixed ^= mixed >> 16;
        mixed *= 0x85EBCA6B;
        mixed ^= mixed >> 13;
        mixed *= 0xC2B2AE35;
        mixed ^= mixed >> 16;
        return (int)mixed & mask;
    }

    private sealed class Entry
    {
        internal Entry(TKey key, int hash, TValue value)
        {
            Key = key;
            Hash = hash;
            Value = value;
        }

        internal TKey Key { get; }

        internal int Hash { get; }

        internal TValue Value { get; }
    }
}

/// <summary>
/// A <see cref="Memo{TKey, TValue}"/> for keys asked for in runs: a tree's options from every callback inside it, a
/// type's roles from each of its methods (the driver runs one analyzer's callbacks for a body one after another on
/// one thread). The key this thread asked for last is answered without the shared table, whose look-up misses the
/// processor's caches once the compiler's own work has run between two callbacks (about 0.2 microseconds each in
/// the large benchmark; nine in ten options look-ups there repeat the previous one).
/// </summary>
internal sealed class RecentFirstMemo<TKey, TValue>
    where TKey : class
{
    private readonly Memo<TKey, TValue> memo;
    private readonly ThreadLocal<(TKey? Key, TValue Value)> lastOnThread = new();

    internal RecentFirstMemo(Memo<TKey, TValue> memo) => this.memo = memo;

    internal TValue Get(TKey key)
    {
        (TKey? Key, TValue Value) last = lastOnThread.Value;
        if (ReferenceEquals(last.Key, key))
        {
            return last.Value;
        }

        TValue value = memo.Get(key);
        lastOnThread.Value = (key, value);
        return value;
    }
}

/// <summary>Memos of per-symbol and per-tree facts.</summary>
internal static class Memo
{
    /// <summary>
    /// A memo per symbol object. Keys are compared by identity: symbols asked for here are definitions, which a
    /// compilation represents by one object each (a second object for the same symbol would only be computed
    /// again). <see cref="SymbolEqualityComparer"/> hashes the compiler's symbol behind the public one, whose first
    /// hash costs about half a microsecond (measured on 69,000 methods); the public object's identity hash is cheap.
    /// </summary>
    internal static Memo<TSymbol, TValue> ForSymbols<TSymbol, TValue>(Func<TSymbol, TValue> compute)
        where TSymbol : class, ISymbol =>
        new(64, IdentityComparer<TSymbol>.Instance, compute);

    internal static RecentFirstMemo<SyntaxTree, TValue> ForTrees<TValue>(Func<SyntaxTree, TValue> compute) =>
        new(new Memo<SyntaxTree, TValue>(64, EqualityComparer<SyntaxTree>.Default, compute));
}

/// <summary>Compares objects by identity (the framework's <c>ReferenceEqualityComparer</c> is not in netstandard2.0).</summary>
internal sealed class IdentityComparer<T> : IEqualityComparer<T>
    where T : class
{
    internal static readonly IdentityComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
