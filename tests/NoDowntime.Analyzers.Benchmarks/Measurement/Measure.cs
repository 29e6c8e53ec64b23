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
    public TimeSpan Cpu { get; init; }

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

    public static (TimeSpan Time, TimeSpan Cpu, ImmutableArray<Diagnostic> Errors) CompileWithCpu(Workload workload)
    {
        TimeSpan cpu = CpuNow();
        var stopwatch = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> diagnostics = workload.NewCompilation().GetDiagnostics();
        stopwatch.Stop();
        return (stopwatch.Elapsed, CpuNow() - cpu, diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
    }

    private static TimeSpan CpuNow() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>
    /// Runs analyzers over a fresh compilation through <see cref="CompilationWithAnalyzers"/>, as the command-line
    /// compiler does, and reads each analyzer's execution time from <c>GetAnalyzerTelemetryInfoAsync</c>.
    /// The compilation's namespace of source declarations is merged first, as the command-line compiler's
    /// declaration stage does when a build starts: otherwise the first analyzer to look up a type in its
    /// compilation-start action is charged for it (30-70 ms of compiler work on the large service).
    /// </summary>
    public static AnalyzerRun Analyze(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var exceptions = new List<string>();
        Compilation fresh = workload.NewCompilation();
        _ = fresh.Assembly.GlobalNamespace.GetMembers().Any();
        CompilationWithAnalyzers compilation = fresh.WithAnalyzers(analyzers, Options(workload, exceptions));
        TimeSpan cpu = CpuNow();
        var stopwatch = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> diagnostics = compilation.GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
        stopwatch.Stop();
        cpu = CpuNow() - cpu;
        return Finish(compilation, analyzers, stopwatch.Elapsed, diagnostics, exceptions, cancellationToken) is var run ? WithCpu(run, cpu) : null!;
    }

    /// <summary>
    /// What the IDE does on a keystroke: the syntax and semantic analyzer diagnostics of the edited document, in the
    /// compilation the editor holds (compilation-end work does not run for one document).
    /// </summary>
    public static AnalyzerRun AnalyzeDocument(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var exceptions = new List<string>();
        var (edited, tree) = workload.AfterKeystroke();
        CompilationWithAnalyzers compilation = edited.WithAnalyzers(analyzers, Options(workload, exceptions));
        TimeSpan cpu = CpuNow();
        var stopwatch = Stopwatch.StartNew();
        SemanticModel model = compilation.Compilation.GetSemanticModel(tree);
        ImmutableArray<Diagnostic> syntax = compilation.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).GetAwaiter().GetResult();
        ImmutableArray<Diagnostic> semantic = compilation.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).GetAwaiter().GetResult();
        stopwatch.Stop();
        cpu = CpuNow() - cpu;
        return Finish(compilation, analyzers, stopwatch.Elapsed, syntax.AddRange(semantic), exceptions, cancellationToken) is var run ? WithCpu(run, cpu) : null!;
    }

    /// <summary>The do-nothing operation analyzer whose run is the driver's own cost.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> DriverBaseline { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new DriverBaselineAnalyzer());

    private static AnalyzerRun WithCpu(AnalyzerRun run, TimeSpan cpu) => new()
    {
        Wall = run.Wall,
        Cpu = cpu,
        ExecutionTimes = run.ExecutionTimes,
        Diagnostics = run.Diagnostics,
        Exceptions = run.Exceptions,
    };

    private static CompilationWithAnalyzersOptions Options(Workload workload, List<string> exceptions) => new(
        workload.AnalyzerOptions,
        onAnalyzerException: (exception, analyzer, diagnostic) =>
        {
            lock (exceptions)
            {
                exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
            }
        },
        concurrentAnalysis: true,
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
