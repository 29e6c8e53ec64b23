using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.RequestPaths;

/// <summary>One shortest way from an entry point to a function, for messages.</summary>
internal sealed class RequestPath
{
    internal RequestPath(EntryPoint entry, ImmutableArray<FunctionKey> nodes, string via)
    {
        Entry = entry;
        Nodes = nodes;
        Via = via;
    }

    internal EntryPoint Entry { get; }

    /// <summary>The functions from the entry point (first) to the function asked about (last).</summary>
    internal ImmutableArray<FunctionKey> Nodes { get; }

    /// <summary><c>OrdersController.Get -&gt; OrderService.Load</c> (lambdas and interface hops left out).</summary>
    internal string Via { get; }

    /// <summary><c>GET /orders/{id} via OrdersController.Get -&gt; OrderService.Load</c>, or just the entry's name.</summary>
    internal string Describe() => Via.Length == 0 ? Entry.DisplayName : Entry.DisplayName + " via " + Via;

    public override string ToString() => Describe();
}

/// <summary>
/// Calls that no operation shows, which the model knows only by asking symbols. The search asks for them backwards,
/// for the functions that can reach a target only, so that it reads the symbols of a few functions, not those of
/// every function of the program.
/// </summary>
internal interface IImplicitCalls
{
    /// <summary>The functions that run <paramref name="function"/> without an operation showing it.</summary>
    IEnumerable<FunctionKey> Callers(FunctionKey function);
}

/// <summary>
/// Reachability from the entry points to a set of target functions (those with a blocking call), computed once per
/// compilation. A backward walk from the targets first marks every function that can reach one; the breadth-first
/// search from the entry points then visits marked functions only. Every caller of a marked function is marked, so
/// each target gets the same shortest path as a search of the whole program, for a fraction of its work: few
/// functions lead to a blocking call.
/// </summary>
internal sealed class RequestPathGraph
{
    private const int Unreached = -2;
    private const int IsEntry = -1;

    // The search's own numbering is kept: few functions are ever asked about (the targets), so a table of every
    // reached function would cost more than it saves.
    private readonly Dictionary<FunctionKey, int> ids;
    private readonly List<FunctionKey> nodes;
    private readonly int[] parent;
    private readonly EntryPoint?[] entryOf;
    private readonly IReadOnlyDictionary<FunctionKey, string> nestedNames;
    private readonly ConcurrentDictionary<FunctionKey, RequestPath> paths = new();

    private RequestPathGraph(Dictionary<FunctionKey, int> ids, List<FunctionKey> nodes, int[] parent, EntryPoint?[] entryOf, IReadOnlyDictionary<FunctionKey, string> nestedNames)
    {
        this.ids = ids;
        this.nodes = nodes;
        this.parent = parent;
        this.entryOf = entryOf;
        this.nestedNames = nestedNames;
    }

    /// <summary>Every entry point of the compilation, with its function.</summary>
    internal IEnumerable<(FunctionKey Function, EntryPoint Entry)> Entries
    {
        get
        {
            for (int id = 0; id < nodes.Count; id++)
            {
                if (parent[id] == IsEntry)
                {
                    yield return (nodes[id], entryOf[id]!);
                }
            }
        }
    }

    /// <summary>
    /// The search for <paramref name="targets"/>: <see cref="IsReachable"/> and <see cref="TryGetPath"/> answer for
    /// them (and for the functions on their paths); any other function reads as unreached.
    /// </summary>
    internal static RequestPathGraph Build(
        IEnumerable<(FunctionKey From, FunctionKey To)> edges,
        IReadOnlyDictionary<FunctionKey, EntryPoint> entries,
        IReadOnlyDictionary<FunctionKey, string> nestedNames,
        IEnumerable<FunctionKey> targets,
        IImplicitCalls implicitCalls)
    {
        // Nodes are numbered once (one hash look-up per edge end); the search then works on integers.
        // Sized from the edge count when it is known: growing these one doubling at a time put large arrays on the
        // large object heap and kept the search waiting for the collector.
        int edgeCount = edges is IReadOnlyCollection<(FunctionKey, FunctionKey)> collection ? collection.Count : 0;
        var ids = new Dictionary<FunctionKey, int>(edgeCount);
        var nodes = new List<FunctionKey>(edgeCount);
        int Id(FunctionKey key)
        {
            if (!ids.TryGetValue(key, out int id))
            {
                id = nodes.Count;
                ids.Add(key, id);
                nodes.Add(key);
            }

            return id;
        }

        var sources = new List<int>(edgeCount);
        var targetsOf = new List<int>(edgeCount);
        foreach (var (from, to) in edges)
        {
            sources.Add(Id(from));
            targetsOf.Add(Id(to));
        }

        var entryIds = new List<(int Id, EntryPoint Entry)>(entries.Count);
        foreach (var entry in entries)
        {
            entryIds.Add((Id(entry.Key), entry.Value));
        }

        var targetIds = new List<int>();
        foreach (FunctionKey target in targets)
        {
            targetIds.Add(Id(target));
        }

        // Each function's callees in one array, row by row (callees[rows[f]] .. callees[rows[f + 1] - 1]), and its
        // callers likewise: arrays instead of a list per function, which kept the collector busy on large programs.
        int explicitCount = nodes.Count;
        var (rows, callees) = Rows(explicitCount, sources, targetsOf);
        var (callerRows, callers) = Rows(explicitCount, targetsOf, sources);

        // The functions that can reach a target, marked by a walk backwards from the targets. The implicit calls into
        // marked functions are kept for the search (it visits no other); a caller they name that no call made a node
        // (an implementation only dispatch reaches) becomes one.
        var marked = new bool[explicitCount];
        var implicitCallees = new Dictionary<int, List<int>>();
        var pending = new Stack<int>();
        void Mark(int id)
        {
            if (id >= marked.Length)
            {
                Array.Resize(ref marked, Math.Max(id + 1, marked.Length * 2));
            }

            if (!marked[id])
            {
                marked[id] = true;
                pending.Push(id);
            }
        }

        foreach (int target in targetIds)
        {
            Mark(target);
        }

        while (pending.Count > 0)
        {
            int current = pending.Pop();
            if (current < explicitCount)
            {
                for (int i = callerRows[current]; i < callerRows[current + 1]; i++)
                {
                    Mark(callers[i]);
                }
            }

            foreach (FunctionKey caller in implicitCalls.Callers(nodes[current]))
            {
                int callerId = Id(caller);
                Mark(callerId);
                if (!implicitCallees.TryGetValue(callerId, out List<int>? ofCaller))
                {
                    implicitCallees.Add(callerId, ofCaller = new List<int>(1));
                }

                ofCaller.Add(current);
            }
        }

        int count = nodes.Count;
        Array.Resize(ref marked, count);

        // Deterministic paths, whatever the order of analysis: a function's parent is the smallest (by file and
        // position, or display string for metadata) of its callers on the level above. Sort keys are computed only
        // for the functions that tie, when they first do.
        var sortKeys = new (string Path, int Position, string Name)?[count];
        (string Path, int Position, string Name) SortKeyOf(int id) => sortKeys[id] ??= nodes[id].SortKey;
        bool Precedes(int a, int b)
        {
            var x = SortKeyOf(a);
            var y = SortKeyOf(b);
            int c = string.CompareOrdinal(x.Path, y.Path);
            if (c == 0)
            {
                c = x.Position.CompareTo(y.Position);
            }

            return (c != 0 ? c : string.CompareOrdinal(x.Name, y.Name)) < 0;
        }

        var parent = new int[count];
        var level = new int[count];
        var entryOf = new EntryPoint?[count];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = Unreached;
        }

        var queue = new Queue<int>();
        foreach (var (id, entry) in entryIds)
        {
            parent[id] = IsEntry;
            entryOf[id] = entry;
            if (marked[id])
            {
                queue.Enqueue(id);
            }
        }

        while (queue.Count > 0)
        {
            int current = queue.Dequeue();
            if (current < explicitCount)
            {
                for (int i = rows[current]; i < rows[current + 1]; i++)
                {
                    Visit(current, callees[i]);
                }
            }

            if (implicitCallees.TryGetValue(current, out List<int>? ofCurrent))
            {
                foreach (int callee in ofCurrent)
                {
                    Visit(current, callee);
                }
            }
        }

        void Visit(int current, int target)
        {
            if (!marked[target])
            {
                return;
            }

            int next = level[current] + 1;
            if (parent[target] == Unreached)
            {
                parent[target] = current;
                level[target] = next;
                entryOf[target] = entryOf[current];
                queue.Enqueue(target);
            }
            else if (level[target] == next && parent[target] >= 0 && parent[target] != current && Precedes(current, parent[target]))
            {
                // Another caller on the same level: the smaller one wins. Its own entry point is final already
                // (the level above is done), and nothing below this function has been reached through it yet.
                parent[target] = current;
                entryOf[target] = entryOf[current];
            }
        }

        return new RequestPathGraph(ids, nodes, parent, entryOf, nestedNames);
    }

    /// <summary>Compressed rows of the pairs <c>(keys[i], values[i])</c> grouped by key.</summary>
    private static (int[] Rows, int[] Values) Rows(int rowCount, List<int> keys, List<int> values)
    {
        var rows = new int[rowCount + 1];
        foreach (int key in keys)
        {
            rows[key + 1]++;
        }

        for (int i = 0; i < rowCount; i++)
        {
            rows[i + 1] += rows[i];
        }

        var row = new int[values.Count];
        var filled = (int[])rows.Clone();
        for (int i = 0; i < keys.Count; i++)
        {
            row[filled[keys[i]]++] = values[i];
        }

        return (rows, row);
    }

    internal bool IsReachable(FunctionKey function) => IdOf(function) >= 0;

    /// <summary>The entry point a function itself is, if any.</summary>
    internal EntryPoint? EntryPointAt(FunctionKey function) =>
        IdOf(function) is var id and >= 0 && parent[id] == IsEntry ? entryOf[id] : null;

    /// <summary>The function's number when the search reached it, else -1.</summary>
    private int IdOf(FunctionKey function) =>
        ids.TryGetValue(function, out int id) && parent[id] != Unreached ? id : -1;

    /// <summary>One shortest path from an entry point to <paramref name="function"/>, when one exists.</summary>
    internal bool TryGetPath(FunctionKey function, out RequestPath path)
    {
        if (paths.TryGetValue(function, out path!))
        {
            return true;
        }

        int current = IdOf(function);
        if (current < 0)
        {
            path = null!;
            return false;
        }

        var onPath = new List<FunctionKey>();
        while (true)
        {
            onPath.Add(nodes[current]);
            if (parent[current] == IsEntry || onPath.Count > 10_000)
            {
                break;
            }

            current = parent[current];
        }

        EntryPoint entry = entryOf[current]!;
        onPath.Reverse();
        var via = new StringBuilder();
        foreach (FunctionKey node in onPath)
        {
            string? name = DisplayName(node);
            if (name is null)
            {
                continue;
            }

            if (via.Length > 0)
            {
                via.Append(" -> ");
            }

            via.Append(name);
        }

        path = paths.GetOrAdd(function, new RequestPath(entry, onPath.ToImmutableArray(), via.ToString()));
        return true;
    }

    /// <summary>How a function appears in a path; null for lambdas and bodiless interface or abstract members.</summary>
    internal string? DisplayName(FunctionKey function)
    {
        if (function.Method is { } method)
        {
            if (method.IsAbstract || (method.ContainingType?.TypeKind == TypeKind.Interface && !method.IsVirtual && method.IsAbstract))
            {
                return null;
            }

            return method.ContainingType?.TypeKind == TypeKind.Interface ? null : EntryPointDetector.MethodName(method);
        }

        return nestedNames.TryGetValue(function, out string? name) ? name : null;
    }
}
