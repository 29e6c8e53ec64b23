using System;
using System.Collections.Immutable;
using System.Globalization;
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
    private readonly RecentFirstMemo<SyntaxTree, T> byTree;

    internal NoDowntimeOptions(AnalyzerOptions options, Func<AnalyzerConfigOptions, T> parse)
    {
        this.options = options;
        this.parse = parse;
        byTree = Memo.ForTrees(tree => parse(options.AnalyzerConfigOptionsProvider.GetOptions(tree)));
    }

    // Called from per-operation callbacks: a lock-free look-up that allocates nothing.
    internal T For(SyntaxTree tree) => byTree.Get(tree);

    /// <summary>Options that apply to the whole compilation (.globalconfig, or project-level MSBuild values).</summary>
    internal T ForCompilation() => parse(options.AnalyzerConfigOptionsProvider.GlobalOptions);
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
