using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NoDowntime.Analyzers.Benchmarks.Benchmarks;

/// <summary>
/// One long-running case per figure: each invocation compiles a whole service, so BenchmarkDotNet's monitoring
/// strategy (no pilot, one invocation per iteration) is the right one. In process, so the analyzers' telemetry can be
/// read back into the summary.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Monitoring"));
        AddColumn(new AnalyzerTimeColumn(), new ShareOfCompileColumn());
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>Per-case analyzer execution times (telemetry), averaged over the measured iterations.</summary>
public static class TelemetryStore
{
    private static readonly ConcurrentDictionary<string, List<double>> Samples = new(StringComparer.Ordinal);

    public static void Record(string key, double milliseconds) =>
        Samples.GetOrAdd(key, _ => new List<double>()).Add(milliseconds);

    public static double? Mean(string key) =>
        Samples.TryGetValue(key, out List<double>? values) && values.Count > 0
            // The first sample belongs to the warm-up iteration when there are more than the measured ones.
            ? values.Skip(Math.Max(0, values.Count - 5)).Average()
            : null;

    public static string Key(string type, string size, string? family) => type + "|" + size + "|" + family;

    public static string Key(BenchmarkCase benchmarkCase) => Key(
        benchmarkCase.Descriptor.Type.Name,
        Parameter(benchmarkCase, "Size") ?? string.Empty,
        Parameter(benchmarkCase, "Family"));

    public static string? Parameter(BenchmarkCase benchmarkCase, string name) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
}

/// <summary>"Analyzer time": the summed ExecutionTime of the case's analyzers (GetAnalyzerTelemetryInfoAsync).</summary>
public sealed class AnalyzerTimeColumn : IColumn
{
    public string Id => nameof(AnalyzerTimeColumn);

    public string ColumnName => "Analyzer time";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Sum of the analyzers' own execution time (ReportAnalyzer-style telemetry), mean of the measured iterations";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        TelemetryStore.Mean(TelemetryStore.Key(benchmarkCase)) is double ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>"Share of compile": analyzer time over the mean compile time of the same size.</summary>
public sealed class ShareOfCompileColumn : IColumn
{
    public string Id => nameof(ShareOfCompileColumn);

    public string ColumnName => "Share of compile";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Analyzer time divided by the Compile case's mean time at the same size";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (TelemetryStore.Mean(TelemetryStore.Key(benchmarkCase)) is not double ms)
        {
            return "-";
        }

        string? size = TelemetryStore.Parameter(benchmarkCase, "Size");
        BenchmarkCase? compile = summary.BenchmarksCases.FirstOrDefault(c =>
            TelemetryStore.Parameter(c, "Family") == ServiceBenchmarks.CompileOnly
            && TelemetryStore.Parameter(c, "Size") == size);
        double? compileNs = compile is null ? null : summary[compile]?.ResultStatistics?.Mean;
        return compileNs is double ns && ns > 0
            ? (ms * 1_000_000 / ns).ToString("P2", CultureInfo.InvariantCulture)
            : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
