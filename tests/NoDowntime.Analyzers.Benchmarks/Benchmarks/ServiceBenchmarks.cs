using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Benchmarks.Measurement;

namespace NoDowntime.Analyzers.Benchmarks.Benchmarks;

/// <summary>
/// The full mode's main cases, at both sizes: Family = "compile" is the compile alone (GetDiagnostics); every other
/// value runs that family's analyzers ("all": every NoDowntime analyzer) through CompilationWithAnalyzers on a fresh
/// compilation. An analyzer case's mean is compile plus analyzers (wall clock); the "Analyzer time" column is the
/// analyzers' own telemetry, and "Share of compile" puts it over the compile case of the same size.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class ServiceBenchmarks
{
    public const string CompileOnly = "compile";

    private Workload workload = null!;
    private ImmutableArray<DiagnosticAnalyzer> analyzers;

    [Params("20k", "200k")]
    public string Size { get; set; } = "20k";

    [ParamsSource(nameof(Families))]
    public string Family { get; set; } = CompileOnly;

    /// <summary>The compile alone, every family found in the analyzer assembly, then "all".</summary>
    public static IEnumerable<string> Families =>
        new[] { CompileOnly }.Concat(AnalyzerCatalog.ByFamily(AnalyzerCatalog.Discover()).Select(f => f.Family)).Append("all");

    [GlobalSetup]
    public void Setup()
    {
        workload = Workload.Get(Workload.ParseSize(Size));
        var catalog = AnalyzerCatalog.Discover();
        analyzers = catalog.Where(a => Family == "all" || a.Family == Family).Select(a => a.Analyzer).ToImmutableArray();
    }

    [Benchmark]
    public int Run()
    {
        if (Family == CompileOnly || analyzers.IsEmpty)
        {
            return Measure.Compile(workload).Errors.Length;
        }

        AnalyzerRun run = Measure.Analyze(workload, analyzers);
        TelemetryStore.Record(TelemetryStore.Key(nameof(ServiceBenchmarks), Size, Family), run.TotalExecutionTime.TotalMilliseconds);
        return run.Diagnostics.Length;
    }
}

/// <summary>What the IDE does on a keystroke: one 1,000-line document of the large service.</summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class SingleDocumentBenchmarks
{
    private Workload workload = null!;
    private ImmutableArray<DiagnosticAnalyzer> analyzers;

    [Params("200k")]
    public string Size { get; set; } = "200k";

    [GlobalSetup]
    public void Setup()
    {
        workload = Workload.Get(Workload.ParseSize(Size));
        analyzers = AnalyzerCatalog.Discover().Select(a => a.Analyzer).ToImmutableArray();
    }

    [Benchmark(Description = "AnalyzeDocument")]
    public int AnalyzeDocument()
    {
        if (analyzers.IsEmpty)
        {
            return 0;
        }

        AnalyzerRun run = Measure.AnalyzeDocument(workload, analyzers);
        TelemetryStore.Record(TelemetryStore.Key(nameof(SingleDocumentBenchmarks), Size, family: null), run.TotalExecutionTime.TotalMilliseconds);
        return run.Diagnostics.Length;
    }
}
