using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// An append-only collection that the driver's threads fill at once without waiting on each other: each thread
/// appends to chunks of its own. Items are read (in no particular order) only after every writer is done, at
/// compilation end. A shared concurrent queue made callbacks wait for each other and for the garbage collector
/// whenever one of its ever larger segments was allocated.
/// </summary>
internal sealed class PerThreadBuffer<T> : IReadOnlyCollection<T>
{
    // Small chunks: growth never copies, and no chunk lands on the large object heap.
    private const int ChunkSize = 256;

    private readonly ThreadLocal<Chunks> perThread = new(static () => new Chunks(), trackAllValues: true);

    /// <summary>How many items were added; read after the writers are done.</summary>
    public int Count
    {
        get
        {
            int count = 0;
            foreach (Chunks chunks in perThread.Values)
            {
                count += (chunks.Full.Count * ChunkSize) + chunks.Count;
            }

            return count;
        }
    }

    internal void Add(T item) => perThread.Value!.Add(item);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Every item added, in no particular order; read after the writers are done.</summary>
    public IEnumerator<T> GetEnumerator()
    {
        foreach (Chunks chunks in perThread.Values)
        {
            foreach (T[] chunk in chunks.Full)
            {
                foreach (T item in chunk)
                {
                    yield return item;
                }
            }

            for (int i = 0; i < chunks.Count; i++)
            {
                yield return chunks.Current[i];
            }
        }
    }

    private sealed class Chunks
    {
        internal List<T[]> Full { get; } = new();

        internal T[] Current { get; private set; } = new T[ChunkSize];

        internal int Count { get; private set; }

        internal void Add(T item)
        {
            if (Count == Current.Length)
            {
                Full.Add(Current);
                Current = new T[ChunkSize];
                Count = 0;
            }

            Current[Count++] = item;
        }
    }
}
