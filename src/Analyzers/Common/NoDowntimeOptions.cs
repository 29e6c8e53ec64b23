using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// Reads <c>nodowntime.*</c> keys from .editorconfig / .globalconfig. Create one per compilation (in a
/// compilation-start action): each tree's options are parsed once and cached for that compilation only.
/// </summary>
internal sealed class NoDowntimeOptions<T>
{
    private readonly AnalyzerOptions options;
    private readonly Func<AnalyzerConfigOptions, T> parse;
    private readonly Func<SyntaxTree, T> parseTree;
    // Many stripes: every tree is a new key, and the first callbacks of all trees arrive at once.
    private readonly ConcurrentDictionary<SyntaxTree, T> byTree = new(32, 256);

    // With the compilation given: a slot per tree, filled without a lock (two threads may parse the same tree's
    // options at once; both get the same value). The index is built once and only read afterwards.
    private readonly Dictionary<SyntaxTree, int>? treeIndex;
    private readonly Parsed?[]? slots;

    internal NoDowntimeOptions(AnalyzerOptions options, Func<AnalyzerConfigOptions, T> parse)
    {
        this.options = options;
        this.parse = parse;
        parseTree = tree => parse(options.AnalyzerConfigOptionsProvider.GetOptions(tree));
    }

    /// <summary>
    /// For callbacks that ask for options on most operations: the trees of <paramref name="compilation"/> get a
    /// slot each, so the first look-up of a tree takes no lock (a shared memo's stripe lock, and its growth, made
    /// the first callbacks of every tree wait on a busy machine).
    /// </summary>
    internal NoDowntimeOptions(AnalyzerOptions options, Func<AnalyzerConfigOptions, T> parse, Compilation compilation)
        : this(options, parse)
    {
        var index = new Dictionary<SyntaxTree, int>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            if (!index.ContainsKey(tree))
            {
                index.Add(tree, index.Count);
            }
        }

        treeIndex = index;
        slots = new Parsed?[index.Count];
    }

    // Called from per-operation callbacks: the look-up must not allocate a closure each time.
    internal T For(SyntaxTree tree)
    {
        if (treeIndex is not null && slots is not null && treeIndex.TryGetValue(tree, out int slot))
        {
            Parsed? parsed = Volatile.Read(ref slots[slot]);
            if (parsed is null)
            {
                parsed = new Parsed(parseTree(tree));
                Volatile.Write(ref slots[slot], parsed);
            }

            return parsed.Value;
        }

        return byTree.GetOrAdd(tree, parseTree);
    }

    /// <summary>Options that apply to the whole compilation (.globalconfig, or project-level MSBuild values).</summary>
    internal T ForCompilation() => parse(options.AnalyzerConfigOptionsProvider.GlobalOptions);

    private sealed class Parsed
    {
        internal Parsed(T value) => Value = value;

        internal T Value { get; }
    }
}

/// <summary>Typed access to single option values, with the documented default when a key is absent or malformed.</summary>
internal static class OptionValues
{
    internal const string Prefix = "nodowntime.";

    internal static int GetInt(this AnalyzerConfigOptions options, string key, int defaultValue, int minimum = int.MinValue) =>
        options.TryGetValue(Prefix + key, out string? text)
        && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
        && value >= minimum
            ? value
            : defaultValue;

    internal static bool GetBool(this AnalyzerConfigOptions options, string key, bool defaultValue) =>
        options.TryGetValue(Prefix + key, out string? text) && bool.TryParse(text.Trim(), out bool value)
            ? value
            : defaultValue;

    /// <summary>A comma- or semicolon-separated list; empty entries are dropped.</summary>
    internal static ImmutableArray<string> GetList(this AnalyzerConfigOptions options, string key)
    {
        if (!options.TryGetValue(Prefix + key, out string? text) || string.IsNullOrWhiteSpace(text))
        {
            return ImmutableArray<string>.Empty;
        }

        var items = ImmutableArray.CreateBuilder<string>();
        foreach (string part in text.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            string item = part.Trim();
            if (item.Length > 0)
            {
                items.Add(item);
            }
        }

        return items.ToImmutable();
    }
}
