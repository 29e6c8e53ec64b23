using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace NoDowntime.Analyzers.Benchmarks.Measurement;

/// <summary>The outcome of one analyzer run: wall-clock time, each analyzer's own execution time, what it reported.</summary>
public sealed class AnalyzerRun
{
    public TimeSpan Wall { get; init; }

    /// <summary>Processor time of the whole process during the run (compile and analyzers): robust against a busy machine.</summary>
    public TimeSpan Cpu => Process.Cpu;

    /// <summary>What the collector did during the run: every callback running during a pause is charged for it.</summary>
    public ProcessCounters Process { get; init; }

    /// <summary>Per analyzer, the time spent in its callbacks (the compiler's ReportAnalyzer figure).</summary>
    public IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan> ExecutionTimes { get; init; } = new Dictionary<DiagnosticAnalyzer, TimeSpan>();

    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = ImmutableArray<Diagnostic>.Empty;

    public IReadOnlyList<string> Exceptions { get; init; } = Array.Empty<string>();

    public TimeSpan TotalExecutionTime => TimeSpan.FromTicks(ExecutionTimes.Values.Sum(t => t.Ticks));

    public TimeSpan ExecutionTimeOf(IEnumerable<DiagnosticAnalyzer> analyzers) =>
        TimeSpan.FromTicks(analyzers.Sum(a => ExecutionTimes.TryGetValue(a, out TimeSpan t) ? t.Ticks : 0));
}

/// <summary>The three measurements: compile alone, analyzers over the whole compilation, analyzers over one document.</summary>
public static class Measure
{
    /// <summary>Binds and checks the whole compilation (no emit): the compiler's own work, without analyzers.</summary>
    public static (TimeSpan Time, ImmutableArray<Diagnostic> Errors) Compile(Workload workload) => CompileWithCpu(workload) is var r ? (r.Time, r.Errors) : default;

    /// <param name="oneThread">Compile on the calling thread only (see <see cref="Analyze"/>).</param>
    public static (TimeSpan Time, TimeSpan Cpu, ImmutableArray<Diagnostic> Errors) CompileWithCpu(Workload workload, bool oneThread = false)
    {
        var before = ProcessCounters.Now();
        var stopwatch = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> diagnostics = workload.NewCompilation(oneThread).GetDiagnostics();
        stopwatch.Stop();
        return (stopwatch.Elapsed, ProcessCounters.Now().Since(before).Cpu, diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
    }

    /// <summary>
    /// Runs analyzers over a fresh compilation through <see cref="CompilationWithAnalyzers"/>, as the command-line
    /// compiler does, and reads each analyzer's execution time from <c>GetAnalyzerTelemetryInfoAsync</c>.
    /// The compilation's namespace of source declarations is merged first, as the command-line compiler's
    /// declaration stage does when a build starts: otherwise the first analyzer to look up a type in its
    /// compilation-start action is charged for it (30-70 ms of compiler work on the large service).
    /// <para>
    /// With <paramref name="oneThread"/>, the compiler and the analyzers run on one thread, one after the other:
    /// each callback's time is then its own work (and the collector's pauses), not also the time it waited while
    /// the compiler's and other analyzers' threads held the machine's cores.
    /// </para>
    /// </summary>
    public static AnalyzerRun Analyze(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, bool oneThread = false, CancellationToken cancellationToken = default)
    {
        var exceptions = new List<string>();
        Compilation fresh = workload.NewCompilation(oneThread);
        _ = fresh.Assembly.GlobalNamespace.GetMembers().Any();
        CompilationWithAnalyzers compilation = fresh.WithAnalyzers(analyzers, Options(workload, exceptions, concurrent: !oneThread));
        var before = ProcessCounters.Now();
        var stopwatch = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> diagnostics = compilation.GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
        stopwatch.Stop();
        return Finish(compilation, analyzers, stopwatch.Elapsed, diagnostics, exceptions, cancellationToken) is var run ? WithCounters(run, ProcessCounters.Now().Since(before)) : null!;
    }

    /// <summary>
    /// What the IDE does on a keystroke: the syntax and semantic analyzer diagnostics of the edited document, in the
    /// compilation the editor holds (compilation-end work does not run for one document).
    /// </summary>
    public static AnalyzerRun AnalyzeDocument(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var exceptions = new List<string>();
        var (edited, tree) = workload.AfterKeystroke();
        CompilationWithAnalyzers compilation = edited.WithAnalyzers(analyzers, Options(workload, exceptions, concurrent: true));
        var before = ProcessCounters.Now();
        var stopwatch = Stopwatch.StartNew();
        SemanticModel model = compilation.Compilation.GetSemanticModel(tree);
        ImmutableArray<Diagnostic> syntax = compilation.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).GetAwaiter().GetResult();
        ImmutableArray<Diagnostic> semantic = compilation.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).GetAwaiter().GetResult();
        stopwatch.Stop();
        return Finish(compilation, analyzers, stopwatch.Elapsed, syntax.AddRange(semantic), exceptions, cancellationToken) is var run ? WithCounters(run, ProcessCounters.Now().Since(before)) : null!;
    }

    /// <summary>The do-nothing operation analyzer whose run is the driver's own cost.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> DriverBaseline { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new DriverBaselineAnalyzer());

    private static AnalyzerRun WithCounters(AnalyzerRun run, ProcessCounters counters) => new()
    {
        Wall = run.Wall,
        Process = counters,
        ExecutionTimes = run.ExecutionTimes,
        Diagnostics = run.Diagnostics,
        Exceptions = run.Exceptions,
    };

    private static CompilationWithAnalyzersOptions Options(Workload workload, List<string> exceptions, bool concurrent) => new(
        workload.AnalyzerOptions,
        onAnalyzerException: (exception, analyzer, diagnostic) =>
        {
            lock (exceptions)
            {
                exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
            }
        },
        concurrentAnalysis: concurrent,
        logAnalyzerExecutionTime: true,
        reportSuppressedDiagnostics: false);

    private static AnalyzerRun Finish(
        CompilationWithAnalyzers compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        TimeSpan wall,
        ImmutableArray<Diagnostic> diagnostics,
        List<string> exceptions,
        CancellationToken cancellationToken)
    {
        var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
        foreach (DiagnosticAnalyzer analyzer in analyzers)
        {
            AnalyzerTelemetryInfo telemetry = compilation.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).GetAwaiter().GetResult();
            times[analyzer] = telemetry.ExecutionTime;
        }

        foreach (Diagnostic crash in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Add(crash.GetMessage(CultureInfo.InvariantCulture));
        }

        return new AnalyzerRun
        {
            Wall = wall,
            ExecutionTimes = times,
            Diagnostics = diagnostics,
            Exceptions = exceptions.Distinct(StringComparer.Ordinal).ToList(),
        };
    }
}

/// <summary>Processor time and collector activity of the process, read before and after a run.</summary>
public readonly record struct ProcessCounters(TimeSpan Cpu, TimeSpan GcPause, int Gen0, int Gen1, int Gen2)
{
    public static ProcessCounters Now() => new(
        System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime,
        GC.GetTotalPauseDuration(),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2));

    public ProcessCounters Since(ProcessCounters before) =>
        new(Cpu - before.Cpu, GcPause - before.GcPause, Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2);

    public override string ToString() =>
        $"GC paused {GcPause.TotalMilliseconds:0} ms ({Gen0} collections, {Gen1} of gen 1, {Gen2} of gen 2)";
}
