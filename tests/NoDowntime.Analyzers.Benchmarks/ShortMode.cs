using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Benchmarks.Generation;
using NoDowntime.Analyzers.Benchmarks.Measurement;

namespace NoDowntime.Analyzers.Benchmarks;

/// <summary>
/// The CI mode: generates the small and the large service once, times the compile and every family's analyzers
/// (per-analyzer telemetry), times a single-document analysis, prints the figures and the budget checks. Timing never
/// fails the run (machines are noisy); a generated service that does not compile, or an analyzer that throws, does.
/// </summary>
public static class ShortMode
{
    /// <summary>Budget: all NoDowntime analyzers together, as a share of the compilation's own time.</summary>
    public const double MaxShareOfCompile = 0.05;

    /// <summary>Budget: analyzer growth over compile growth, from the small to the large service.</summary>
    public const double MaxGrowthRatio = 1.2;

    /// <summary>Budget: analyzer time of one 1,000-line document (IDE keystroke).</summary>
    public const double MaxSingleDocumentMs = 20;

    /// <summary>Single-document analyses measured (after one warm-up); the fastest counts.</summary>
    private const int DocumentRepeats = 3;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(int smallLines, int largeLines, int repeats, IReadOnlyList<(string Name, string Path)> peers, bool driverBaseline, bool twoCores)
    {
        var total = Stopwatch.StartNew();
        WarnIfDebug();
        Console.WriteLine("# NoDowntime analyzer performance (short mode)");
        Console.WriteLine();
        Console.WriteLine($"load average at start: {LoadAverage()}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Compilation).Assembly.GetName().Version}");

        IReadOnlyList<AnalyzerInfo> catalog = AnalyzerCatalog.Discover();
        var families = AnalyzerCatalog.ByFamily(catalog);
        ImmutableArray<DiagnosticAnalyzer> all = catalog.Select(a => a.Analyzer).ToImmutableArray();
        Console.WriteLine($"analyzers: {catalog.Count} in {families.Count} families ({string.Join(", ", families.Select(f => $"{f.Family}: {f.Analyzers.Length}"))})");

        var generate = Stopwatch.StartNew();
        Workload small = Workload.Get(smallLines);
        Workload large = Workload.Get(largeLines);
        generate.Stop();
        Console.WriteLine($"generated and parsed in {Seconds(generate.Elapsed)}: small {Describe(small)}; large {Describe(large)}");
        if (!Workload.MongoStubAvailable)
        {
            Console.WriteLine("note: tests/MongoDB.Driver.Stub is absent, so the service has no MongoDB code.");
        }

        // Warm-up: JIT the compiler and the analyzers on the small service; also the compile-error check.
        var (_, smallErrors) = Measure.Compile(small);
        if (!ReportErrors("small", smallErrors))
        {
            return 1;
        }

        if (!all.IsEmpty)
        {
            Measure.Analyze(small, all);
        }

        // Each figure is the fastest of its repetitions: the run least disturbed by the other work on the machine.
        // The budgets are read on one thread: the compiler's telemetry adds up each callback's wall-clock time on
        // every thread, so on two cores shared with the compiler's own threads it also counts the time a callback
        // waited for a core, while the compile's figure is the wall clock of work spread over both cores. On one
        // thread both figures are the same kind of time. --two-cores also measures as the compiler runs by default.
        Sample smallCompile = Sample.Of(repeats, () => CompileWithoutErrors(small, oneThread: true));
        Sample largeCompile = Sample.Of(LargeRepeats(repeats), () => CompileWithoutErrors(large, oneThread: true));
        Sample? largeCompileTwoCores = twoCores ? Sample.Of(LargeRepeats(repeats), () => CompileWithoutErrors(large, oneThread: false)) : null;

        AnalyzerRun? smallRun = null, largeRun = null, largeRunTwoCores = null, documentRun = null;
        TimeSpan largeDriver = default, documentCpu = default, documentDriver = default;
        var failures = new List<string>();
        var peerChecks = new List<(string What, bool Pass, string Figure)>();
        if (!all.IsEmpty)
        {
            smallRun = Fastest(repeats, () => Measure.Analyze(small, all, oneThread: true));
            largeRun = Fastest(LargeRepeats(repeats), () => Measure.Analyze(large, all, oneThread: true));
            largeRunTwoCores = twoCores ? Fastest(LargeRepeats(repeats), () => Measure.Analyze(large, all)) : null;
            if (driverBaseline)
            {
                largeDriver = LeastCpu(LargeRepeats(repeats), () => Measure.Analyze(large, Measure.DriverBaseline, oneThread: true));
            }

            Measure.AnalyzeDocument(large, all);
            var documentRuns = Enumerable.Range(0, DocumentRepeats).Select(_ => Measure.AnalyzeDocument(large, all)).ToList();
            documentRun = documentRuns.OrderBy(r => r.TotalExecutionTime).First();
            documentCpu = documentRuns.Min(r => r.Cpu);
            if (driverBaseline)
            {
                documentDriver = LeastCpu(DocumentRepeats, () => Measure.AnalyzeDocument(large, Measure.DriverBaseline));
            }
            failures.AddRange(smallRun.Exceptions.Concat(largeRun.Exceptions).Concat(largeRunTwoCores?.Exceptions ?? []).Concat(documentRun.Exceptions).Distinct(StringComparer.Ordinal));
        }

        Console.WriteLine();
        Console.WriteLine($"## Compile time and analyzer time on one thread (ms; fastest of {repeats} small / {LargeRepeats(repeats)} large runs)");
        Console.WriteLine();
        Console.WriteLine($"| What | small: {Kilo(small)} lines | large: {Kilo(large)} lines | growth | share of large compile |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| compile (GetDiagnostics) | {Ms(smallCompile.Fastest)} | {Ms(largeCompile.Fastest)} | {Ratio(largeCompile.Fastest, smallCompile.Fastest)} | 100% |");
        foreach (var (family, analyzers) in families)
        {
            TimeSpan s = smallRun!.ExecutionTimeOf(analyzers), l = largeRun!.ExecutionTimeOf(analyzers);
            Console.WriteLine($"| {family} ({analyzers.Length} analyzers) | {Ms(s)} | {Ms(l)} | {Ratio(l, s)} | {Share(l, largeCompile.Fastest)} |");
        }

        TimeSpan smallAll = smallRun?.TotalExecutionTime ?? TimeSpan.Zero, largeAll = largeRun?.TotalExecutionTime ?? TimeSpan.Zero;
        Console.WriteLine($"| **all NoDowntime analyzers** | {Ms(smallAll)} | {Ms(largeAll)} | {Ratio(largeAll, smallAll)} | {Share(largeAll, largeCompile.Fastest)} |");
        if (largeRun is not null)
        {
            Console.WriteLine($"| compile + all analyzers, wall clock | {Ms(smallRun!.Wall)} | {Ms(largeRun.Wall)} | {Ratio(largeRun.Wall, smallRun.Wall)} | {Share(largeRun.Wall, largeCompile.Fastest)} |");
            if (largeRunTwoCores is not null && largeCompileTwoCores is not null)
            {
                Console.WriteLine();
                Console.WriteLine($"on two cores (the compiler's default), large: compile {Ms(largeCompileTwoCores.Fastest)} ms wall clock, all analyzers {Ms(largeRunTwoCores.TotalExecutionTime)} ms = {Share(largeRunTwoCores.TotalExecutionTime, largeCompileTwoCores.Fastest)} (the analyzer figure adds up callback time on both threads, waits for a core included; the compile figure is wall clock)");
            }

            Console.WriteLine($"collector: {largeRun.Process} during the large one-thread run");
        }

        Console.WriteLine();
        Console.WriteLine($"allocated: compile {Mb(smallCompile.Allocated)} / {Mb(largeCompile.Allocated)}");
        if (largeRun is not null)
        {
            // Processor time is the cross-check that a busy machine cannot inflate: what the analyzers add to the
            // process's CPU time over the compile alone.
            if (driverBaseline)
            {
                Console.WriteLine($"processor time (large): compile {Ms(largeCompile.LeastCpu)} ms; compile + a do-nothing operation analyzer (driver and IOperation cost) {Ms(largeDriver)} ms; compile + all NoDowntime analyzers {Ms(largeRun.Cpu)} ms");
                Console.WriteLine($"  NoDowntime's own code: {Ms(largeRun.Cpu - largeDriver)} ms = {Share(largeRun.Cpu - largeDriver, largeCompile.LeastCpu)} of the compile's processor time (driver and IOperation trees, paid by any operation analyzer such as the SDK's CA rules: {Share(largeDriver - largeCompile.LeastCpu, largeCompile.LeastCpu)})");
            }
            else
            {
                Console.WriteLine($"processor time (large): compile {Ms(largeCompile.LeastCpu)} ms, compile + all NoDowntime analyzers {Ms(largeRun.Cpu)} ms (add --driver-baseline to split off the driver's own cost)");
            }
        }

        if (largeRun is not null)
        {
            Console.WriteLine();
            Console.WriteLine("## Per analyzer on the large service (telemetry ExecutionTime; one thread unless said)");
            Console.WriteLine();
            Console.WriteLine("| Analyzer | IDs | small ms | large ms | share of large compile | large ms, two cores | diagnostics (large) |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
            var byId = largeRun.Diagnostics.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (AnalyzerInfo info in catalog.OrderByDescending(a => largeRun.ExecutionTimes[a.Analyzer]))
            {
                int reported = info.Ids.Sum(id => byId.TryGetValue(id, out int n) ? n : 0);
                Console.WriteLine($"| {info.Name} | {string.Join(" ", info.Ids)} | {Ms(smallRun!.ExecutionTimes[info.Analyzer])} | {Ms(largeRun.ExecutionTimes[info.Analyzer])} | {Share(largeRun.ExecutionTimes[info.Analyzer], largeCompile.Fastest)} | {(largeRunTwoCores is null ? "-" : Ms(largeRunTwoCores.ExecutionTimes[info.Analyzer]))} | {reported} |");
            }

            Console.WriteLine();
            Console.WriteLine("## Single document (IDE keystroke): " + ServiceGenerator.SingleDocumentPath
                + $" ({large.Service.Files.Single(f => f.Path == ServiceGenerator.SingleDocumentPath).Lines} lines) in the large compilation, fastest of {DocumentRepeats}");
            Console.WriteLine();
            Console.WriteLine($"analyzer time {Ms(documentRun!.TotalExecutionTime)} ms (wall clock including the compiler's binding of the document: {Ms(documentRun.Wall)} ms); diagnostics: {documentRun.Diagnostics.Length}");
            if (driverBaseline)
            {
                Console.WriteLine($"processor time: {Ms(documentCpu)} ms with NoDowntime, {Ms(documentDriver)} ms with a do-nothing operation analyzer: NoDowntime's own code {Ms(documentCpu - documentDriver)} ms");
            }
            foreach (AnalyzerInfo info in catalog.OrderByDescending(a => documentRun.ExecutionTimes[a.Analyzer]).Take(5))
            {
                Console.WriteLine($"  {info.Name}: {Ms(documentRun.ExecutionTimes[info.Analyzer])} ms");
            }
        }

        Console.WriteLine();
        Console.WriteLine("## Budget checks (timing never fails this run)");
        Console.WriteLine();
        if (largeRun is null)
        {
            Console.WriteLine("no NoDowntime analyzers in the assembly yet: nothing to check.");
        }
        else
        {
            double share = largeAll.TotalMilliseconds / largeCompile.Fastest.TotalMilliseconds;
            Check($"all analyzers <= {MaxShareOfCompile:P0} of the large compile, both on one thread", share <= MaxShareOfCompile, $"{share:P2} ({Ms(largeAll)} of {Ms(largeCompile.Fastest)} ms)");
            if (largeRunTwoCores is not null && largeCompileTwoCores is not null)
            {
                Console.WriteLine($"- for comparison, on two cores: {Share(largeRunTwoCores.TotalExecutionTime, largeCompileTwoCores.Fastest)} ({Ms(largeRunTwoCores.TotalExecutionTime)} ms of callback time on both threads against {Ms(largeCompileTwoCores.Fastest)} ms of wall clock)");
            }

            Console.WriteLine("- for comparison, a real build (csc, two cores): compare-peers.sh");
            double analyzerGrowth = largeAll.TotalMilliseconds / Math.Max(smallAll.TotalMilliseconds, 0.001);
            double compileGrowth = largeCompile.Fastest.TotalMilliseconds / smallCompile.Fastest.TotalMilliseconds;
            double growth = analyzerGrowth / compileGrowth;
            Check($"analyzer growth / compile growth <= {MaxGrowthRatio.ToString("0.0", Invariant)}", growth <= MaxGrowthRatio, $"{growth.ToString("0.00", Invariant)} (analyzers x{analyzerGrowth.ToString("0.0", Invariant)}, compile x{compileGrowth.ToString("0.0", Invariant)})");

            // Not a budget: the compile's fixed cost (references, declarations) makes its own growth far below the
            // growth in lines, so the ratio above punishes an analyzer for having little fixed cost. This line shows
            // whether the analyzers grow faster than the code they read (they should not: no superlinear work).
            double lineGrowth = (double)large.Service.Lines / small.Service.Lines;
            Console.WriteLine($"- for comparison, analyzer growth / growth in lines: {(analyzerGrowth / lineGrowth).ToString("0.00", Invariant)} (analyzers x{analyzerGrowth.ToString("0.0", Invariant)}, lines x{lineGrowth.ToString("0.0", Invariant)}); the marginal cost of 1,000 more lines: analyzers {((largeAll.TotalMilliseconds - smallAll.TotalMilliseconds) * 1000 / (large.Service.Lines - small.Service.Lines)).ToString("0.0", Invariant)} ms, compile {((largeCompile.Fastest.TotalMilliseconds - smallCompile.Fastest.TotalMilliseconds) * 1000 / (large.Service.Lines - small.Service.Lines)).ToString("0.0", Invariant)} ms");
            Check($"single document < {MaxSingleDocumentMs.ToString(Invariant)} ms", documentRun!.TotalExecutionTime.TotalMilliseconds < MaxSingleDocumentMs, $"{Ms(documentRun.TotalExecutionTime)} ms");
            if (!peers.Any(p => p.Name.Contains("Threading", StringComparison.OrdinalIgnoreCase)))
            {
                Console.WriteLine("- lower than Microsoft.VisualStudio.Threading.Analyzers: measured on a real build by compare-peers.sh (or pass --peer)");
            }
        }

        if (peers.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("## Other analyzer packages on the large service, in process (one run each)");
            Console.WriteLine();
            Console.WriteLine("| Package | analyzers | analyzer time ms | share of large compile | diagnostics |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine($"| NoDowntime.Analyzers | {all.Length} | {Ms(largeAll)} | {Share(largeAll, largeCompile.Fastest)} | {largeRun?.Diagnostics.Length ?? 0} |");
            foreach (var (name, path) in peers)
            {
                var peerAnalyzers = AnalyzerCatalog.DiscoverPeer(path, name).Select(a => a.Analyzer).ToImmutableArray();
                if (peerAnalyzers.IsEmpty)
                {
                    Console.WriteLine($"| {name} | 0 | n/a | n/a | (no analyzers in {path}) |");
                    continue;
                }

                AnalyzerRun peerRun = Measure.Analyze(large, peerAnalyzers, oneThread: true);
                Console.WriteLine($"| {name} | {peerAnalyzers.Length} | {Ms(peerRun.TotalExecutionTime)} | {Share(peerRun.TotalExecutionTime, largeCompile.Fastest)} | {peerRun.Diagnostics.Length} |");
                if (name.Contains("Threading", StringComparison.OrdinalIgnoreCase) && largeRun is not null)
                {
                    peerChecks.Add(($"all NoDowntime analyzers below {name}", largeAll < peerRun.TotalExecutionTime, $"{Ms(largeAll)} vs {Ms(peerRun.TotalExecutionTime)} ms"));
                }
            }

            foreach (var (what, pass, figure) in peerChecks)
            {
                Console.WriteLine();
                Check(what, pass, figure);
            }
        }

        if (failures.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("## Analyzer exceptions (these fail the run)");
            foreach (string failure in failures)
            {
                Console.WriteLine("- " + failure);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"short mode finished in {Seconds(total.Elapsed)}");
        return failures.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// Both services are measured as many times: a collector pause of 100 ms or more that happens to land inside a
    /// callback is charged to that analyzer, and the fastest run is the one it missed.
    /// </summary>
    private static int LargeRepeats(int repeats) => Math.Max(1, repeats);

    private static string LoadAverage()
    {
        try
        {
            return System.IO.File.Exists("/proc/loadavg") ? System.IO.File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        }
        catch (System.IO.IOException)
        {
            return "n/a";
        }
    }

    private static void WarnIfDebug()
    {
#if DEBUG
        Console.WriteLine("warning: a Debug build; run with -c Release for figures worth reading.");
#endif
    }

    private static AnalyzerRun Fastest(int repeats, Func<AnalyzerRun> run)
    {
        AnalyzerRun? best = null;
        for (int i = 0; i < repeats; i++)
        {
            AnalyzerRun current = run();
            if (best is null || current.TotalExecutionTime < best.TotalExecutionTime)
            {
                best = current;
            }
        }

        return best!;
    }

    private static TimeSpan LeastCpu(int repeats, Func<AnalyzerRun> run)
    {
        TimeSpan least = TimeSpan.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            TimeSpan cpu = run().Cpu;
            least = cpu < least ? cpu : least;
        }

        return least;
    }

    private static (TimeSpan Time, TimeSpan Cpu) CompileWithoutErrors(Workload workload, bool oneThread)
    {
        var (time, cpu, errors) = Measure.CompileWithCpu(workload, oneThread);
        if (!ReportErrors(Kilo(workload), errors))
        {
            throw new InvalidOperationException("The generated service does not compile.");
        }

        return (time, cpu);
    }

    private static bool ReportErrors(string which, ImmutableArray<Diagnostic> errors)
    {
        if (errors.IsEmpty)
        {
            return true;
        }

        Console.WriteLine($"error: the {which} generated service has {errors.Length} compiler errors; the first ones:");
        foreach (Diagnostic error in errors.Take(15))
        {
            Console.WriteLine("  " + error.ToString());
        }

        return false;
    }

    private static void Check(string what, bool pass, string figure) =>
        Console.WriteLine($"- {what}: {figure}: {(pass ? "PASS" : "over budget")}");

    private static string Describe(Workload workload) =>
        $"{workload.Service.Lines.ToString("N0", Invariant)} lines, {workload.Service.Files.Count} files, {workload.Service.Modules} modules";

    private static string Kilo(Workload workload) => (workload.Service.Lines / 1000.0).ToString("0", Invariant) + "k";

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 100 ? "0.0" : "0", Invariant);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", Invariant) + " s";

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", Invariant) + " MB";

    private static string Ratio(TimeSpan large, TimeSpan small) =>
        small.Ticks == 0 ? "n/a" : "x" + (large.TotalMilliseconds / small.TotalMilliseconds).ToString("0.0", Invariant);

    private static string Share(TimeSpan part, TimeSpan whole) =>
        whole.Ticks == 0 ? "n/a" : (part.TotalMilliseconds / whole.TotalMilliseconds).ToString("P2", Invariant);

    private sealed record Sample(TimeSpan Fastest, TimeSpan LeastCpu, long Allocated)
    {
        public static Sample Of(int repeats, Func<(TimeSpan Time, TimeSpan Cpu)> run)
        {
            TimeSpan best = TimeSpan.MaxValue, leastCpu = TimeSpan.MaxValue;
            long allocated = 0;
            for (int i = 0; i < repeats; i++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                var (time, cpu) = run();
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                best = time < best ? time : best;
                leastCpu = cpu < leastCpu ? cpu : leastCpu;
            }

            return new Sample(best, leastCpu, allocated);
        }
    }
}
