using System;
using System.IO;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Running;
using NoDowntime.Analyzers.Benchmarks;
using NoDowntime.Analyzers.Benchmarks.Generation;
using NoDowntime.Analyzers.Benchmarks.Measurement;

// --short              the CI mode: figures and budget checks in under two minutes
//   [--small 20k] [--large 200k] [--repeats 5] [--driver-baseline] [--two-cores] [--peer Name=analyzers-folder ...]
// --emit DIR [--size]  writes the generated service's sources to DIR (compare-peers.sh builds them)
// --list               the analyzers found and their families
// --probe "A;B;A,B"   targeted experiments: each set of analyzers (class or family names, "all", "driver" for the
//                      do-nothing operation analyzer, "none" for the compile alone) on --size (50k);
//                      --one-thread compiles and analyses on one thread, --breakdown times each registered action,
//                      --diagnostics FILE lists what the set reports (sorted), to diff two builds of the analyzers
// anything else        BenchmarkDotNet (full mode), e.g. --filter *
if (args.Contains("--short"))
{
    int small = Workload.ParseSize(Option("--small") ?? "small");
    int large = Workload.ParseSize(Option("--large") ?? "large");
    int repeats = int.Parse(Option("--repeats") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
    var peers = new System.Collections.Generic.List<(string Name, string Path)>();
    for (int i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == "--peer" && args[i + 1].Split('=', 2) is [string name, string path])
        {
            peers.Add((name, path));
        }
    }

    return ShortMode.Run(small, large, Math.Max(1, repeats), peers, args.Contains("--driver-baseline"), args.Contains("--two-cores"));
}

if (args.Contains("--emit"))
{
    string directory = Option("--emit") ?? throw new ArgumentException("--emit needs a directory.");
    int lines = Workload.ParseSize(Option("--size") ?? "large");
    bool withMongo = !args.Contains("--no-mongo");
    GeneratedService service = ServiceGenerator.Generate(lines, withMongo);
    foreach (GeneratedFile file in service.Files)
    {
        string path = Path.Combine(directory, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, file.Text);
    }

    Console.WriteLine($"{service.Lines} lines, {service.Files.Count} files, {service.Modules} modules written to {directory}");
    return 0;
}

if (args.Contains("--probe"))
{
    // Targeted experiments: --probe "A;B;A,B" runs each set of analyzers (by class name) on one size.
    int lines = Workload.ParseSize(Option("--size") ?? "50k");
    var catalog = AnalyzerCatalog.Discover();
    Workload workload = Workload.Get(lines);
    Measure.Compile(workload);
    foreach (string set in (Option("--probe") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
    {
        var names = set.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chosen = catalog.Where(a => names.Contains(a.Name) || names.Contains(a.Family) || names.Contains("all")).Select(a => a.Analyzer)
            .Concat(names.Contains("driver") ? Measure.DriverBaseline : ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>.Empty)
            .ToImmutableArray();
        bool oneThread = args.Contains("--one-thread");
        if (chosen.IsEmpty)
        {
            var (time, cpu, _) = Measure.CompileWithCpu(workload, oneThread);
            Console.WriteLine($"[compile] wall {time.TotalMilliseconds:0} ms, cpu {cpu.TotalMilliseconds:0} ms");
            continue;
        }

        // The first run pays for JIT-compiling the analyzers; the fastest of two after it counts.
        Measure.Analyze(workload, chosen, oneThread);
        AnalyzerRun run = new[] { Measure.Analyze(workload, chosen, oneThread), Measure.Analyze(workload, chosen, oneThread) }.MinBy(r => r.TotalExecutionTime)!;
        Console.WriteLine($"[{set}] wall {run.Wall.TotalMilliseconds:0} ms, cpu {run.Cpu.TotalMilliseconds:0} ms, {run.Process}, analyzers {run.TotalExecutionTime.TotalMilliseconds:0} ms: "
            + string.Join(", ", run.ExecutionTimes.Select(t => $"{t.Key.GetType().Name} {t.Value.TotalMilliseconds:0}")));
        if (Option("--diagnostics") is { } listing)
        {
            // What the set reports, one sorted line per diagnostic: compare two builds of the analyzers with diff.
            File.WriteAllLines(listing, run.Diagnostics
                .Select(d => $"{d.Id} {Path.GetFileName(d.Location.SourceTree?.FilePath)}:{d.Location.GetLineSpan().StartLinePosition} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
                .OrderBy(line => line, StringComparer.Ordinal));
            Console.WriteLine($"[{set}] {run.Diagnostics.Length} diagnostics listed in {listing}");
        }
        if (args.Contains("--breakdown"))
        {
            // One more run with every registered action timed on its own.
            var timer = new ActionTimer();
            Measure.Analyze(workload, timer.Wrap(chosen), oneThread);
            var rows = timer.Report();
            Console.WriteLine($"[{set}]   all actions: {rows.Sum(r => r.Time.TotalMilliseconds):0.0} ms, of it {rows.Sum(r => r.Paused.TotalMilliseconds):0.0} ms collector pauses; {rows.Sum(r => r.Allocated) / 1048576.0:0.0} MB allocated");
            foreach (var (action, time, calls, allocated, paused) in rows.Take(40))
            {
                Console.WriteLine($"[{set}]   {time.TotalMilliseconds,8:0.0} ms {calls,9:N0} calls {allocated / 1024.0,9:N0} KB {paused.TotalMilliseconds,6:0.0} ms paused  {action}");
            }
        }
    }

    return 0;
}

if (args.Contains("--list"))
{
    foreach (AnalyzerInfo info in AnalyzerCatalog.Discover())
    {
        Console.WriteLine($"{info.Family}\t{info.Name}\t{string.Join(" ", info.Ids)}");
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ShortMode).Assembly).Run(args);
return 0;

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
