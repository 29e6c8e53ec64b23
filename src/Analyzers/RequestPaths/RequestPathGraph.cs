using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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

/// <summary>Reachability from every entry point, computed once per compilation by one breadth-first search.</summary>
internal sealed class RequestPathGraph
{
    private readonly Dictionary<FunctionKey, (FunctionKey Parent, bool IsEntry, EntryPoint Entry)> reached;
    private readonly IReadOnlyDictionary<FunctionKey, string> nestedNames;
    private readonly ConcurrentDictionary<FunctionKey, RequestPath> paths = new();

    private RequestPathGraph(Dictionary<FunctionKey, (FunctionKey, bool, EntryPoint)> reached, IReadOnlyDictionary<FunctionKey, string> nestedNames)
    {
        this.reached = reached;
        this.nestedNames = nestedNames;
    }

    internal int ReachableCount => reached.Count;

    /// <summary>Every entry point of the compilation, with its function.</summary>
    internal IEnumerable<(FunctionKey Function, EntryPoint Entry)> Entries =>
        reached.Where(pair => pair.Value.IsEntry).Select(pair => (pair.Key, pair.Value.Entry));

    internal static RequestPathGraph Build(
        IEnumerable<(FunctionKey From, FunctionKey To)> edges,
        IReadOnlyDictionary<FunctionKey, EntryPoint> entries,
        IReadOnlyDictionary<FunctionKey, string> nestedNames)
    {
        var adjacency = new Dictionary<FunctionKey, List<FunctionKey>>();
        foreach (var (from, to) in edges)
        {
            if (!adjacency.TryGetValue(from, out List<FunctionKey>? targets))
            {
                targets = new List<FunctionKey>();
                adjacency.Add(from, targets);
            }

            targets.Add(to);
        }

        // Deterministic order, so the path a message shows does not depend on the order of analysis.
        var order = Comparer<FunctionKey>.Create((a, b) =>
        {
            var x = a.SortKey;
            var y = b.SortKey;
            int c = string.CompareOrdinal(x.Path, y.Path);
            if (c != 0) return c;
            c = x.Position.CompareTo(y.Position);
            return c != 0 ? c : string.CompareOrdinal(x.Name, y.Name);
        });

        var reached = new Dictionary<FunctionKey, (FunctionKey, bool, EntryPoint)>();
        var queue = new Queue<FunctionKey>();
        foreach (var entry in entries.OrderBy(e => e.Key, order))
        {
            reached[entry.Key] = (entry.Key, true, entry.Value);
            queue.Enqueue(entry.Key);
        }

        while (queue.Count > 0)
        {
            FunctionKey current = queue.Dequeue();
            if (!adjacency.TryGetValue(current, out List<FunctionKey>? targets))
            {
                continue;
            }

            EntryPoint entry = reached[current].Item3;
            if (targets.Count > 1)
            {
                targets.Sort(order);
            }

            foreach (FunctionKey target in targets)
            {
                if (!reached.ContainsKey(target))
                {
                    reached.Add(target, (current, false, entry));
                    queue.Enqueue(target);
                }
            }
        }

        return new RequestPathGraph(reached, nestedNames);
    }

    internal bool IsReachable(FunctionKey function) => reached.ContainsKey(function);

    /// <summary>The entry point a function itself is, if any.</summary>
    internal EntryPoint? EntryPointAt(FunctionKey function) =>
        reached.TryGetValue(function, out var node) && node.IsEntry ? node.Entry : null;

    /// <summary>One shortest path from an entry point to <paramref name="function"/>, when one exists.</summary>
    internal bool TryGetPath(FunctionKey function, out RequestPath path)
    {
        if (paths.TryGetValue(function, out path!))
        {
            return true;
        }

        if (!reached.ContainsKey(function))
        {
            path = null!;
            return false;
        }

        var nodes = new List<FunctionKey>();
        FunctionKey current = function;
        EntryPoint entry;
        while (true)
        {
            var node = reached[current];
            nodes.Add(current);
            if (node.IsEntry || nodes.Count > 10_000)
            {
                entry = node.Entry;
                break;
            }

            current = node.Parent;
        }

        nodes.Reverse();
        var via = new StringBuilder();
        foreach (FunctionKey node in nodes)
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

        path = paths.GetOrAdd(function, new RequestPath(entry, nodes.ToImmutableArray(), via.ToString()));
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
