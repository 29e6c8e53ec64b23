using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Benchmarks.Measurement;

/// <summary>
/// The analyzer options of the generated service, as the compiler would hand them over for a web project with an
/// .editorconfig: MSBuild properties in the global options, the <c>[*.cs]</c> section for every tree.
/// </summary>
public static class BenchmarkAnalyzerOptions
{
    public static AnalyzerOptions Create(IReadOnlyDictionary<string, string> globalOptions, IReadOnlyDictionary<string, string> treeOptions) =>
        new(ImmutableArray<AdditionalText>.Empty, new Provider(new Options(globalOptions), new Options(treeOptions)));

    public static AnalyzerOptions ForService() => Create(
        new Dictionary<string, string>
        {
            ["build_property.TargetFramework"] = "net10.0",
            ["build_property.RootNamespace"] = "Shop",
            ["build_property.ProjectDir"] = "/shop/",
            ["build_property.OutputType"] = "Exe",
            ["build_property.UsingMicrosoftNETSdkWeb"] = "true",
            ["is_global"] = "true",
        },
        new Dictionary<string, string>
        {
            // The documented default, written out as a team's .editorconfig would.
            ["nodowntime.max_query_limit"] = "1000",
        });

    private sealed class Provider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptions global;
        private readonly AnalyzerConfigOptions perTree;

        public Provider(AnalyzerConfigOptions global, AnalyzerConfigOptions perTree)
        {
            this.global = global;
            this.perTree = perTree;
        }

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => perTree;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => perTree;
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> values;

        public Options(IReadOnlyDictionary<string, string> values)
        {
            this.values = ImmutableDictionary.CreateRange(KeyComparer, values);
        }

        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
