using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// RS1012 takes the forwarding start context for an analyzer that registers nothing; it forwards every registration.
#pragma warning disable RS1012

namespace NoDowntime.Analyzers.Benchmarks.Measurement;

/// <summary>
/// Times every action an analyzer registers, separately: which callback of which analyzer the time goes to, and
/// how often it runs. The compiler's telemetry gives one figure per analyzer; this splits it by registration
/// (compilation start, each operation action with its kinds, symbol actions, compilation end). Wrap the analyzers
/// with <see cref="Wrap"/>, run them, then read <see cref="Report"/>. Each action's figure also says what it
/// allocated and how much of its time the process stood still for the collector: a pause is charged to whichever
/// callback is running, and on one thread the callback that allocates past the budget is the one that pays it.
/// </summary>
public sealed class ActionTimer
{
    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    public ImmutableArray<DiagnosticAnalyzer> Wrap(IEnumerable<DiagnosticAnalyzer> analyzers) =>
        analyzers.Select(a => (DiagnosticAnalyzer)new TimedAnalyzer(a, this)).ToImmutableArray();

    /// <summary>Every registration's total time, call count, bytes allocated and collector pauses, largest time first.</summary>
    public IReadOnlyList<(string Action, TimeSpan Time, long Calls, long Allocated, TimeSpan Paused)> Report() =>
        slots.Select(pair => (
                pair.Key,
                TimeSpan.FromSeconds((double)Volatile.Read(ref pair.Value.Ticks) / Stopwatch.Frequency),
                Volatile.Read(ref pair.Value.Calls),
                Volatile.Read(ref pair.Value.Allocated),
                TimeSpan.FromTicks(Volatile.Read(ref pair.Value.PausedTicks))))
            .OrderByDescending(row => row.Item2)
            .ToList();

    private Action<T> Timed<T>(string name, Action<T> action)
    {
        Slot slot = slots.GetOrAdd(name, _ => new Slot());
        return argument =>
        {
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            TimeSpan pausedBefore = GC.GetTotalPauseDuration();
            long start = Stopwatch.GetTimestamp();
            try
            {
                action(argument);
            }
            finally
            {
                Interlocked.Add(ref slot.Ticks, Stopwatch.GetTimestamp() - start);
                Interlocked.Add(ref slot.PausedTicks, (GC.GetTotalPauseDuration() - pausedBefore).Ticks);
                Interlocked.Add(ref slot.Allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
                Interlocked.Increment(ref slot.Calls);
            }
        };
    }

    private sealed class Slot
    {
        internal long Ticks;
        internal long Calls;
        internal long Allocated;
        internal long PausedTicks;
    }

    private sealed class TimedAnalyzer(DiagnosticAnalyzer inner, ActionTimer timer) : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

        public override void Initialize(AnalysisContext context) => inner.Initialize(new TimedContext(context, timer, inner.GetType().Name));
    }

    /// <summary>Forwards the registrations NoDowntime's analyzers make; the others fail loudly.</summary>
    private sealed class TimedContext(AnalysisContext inner, ActionTimer timer, string analyzer) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            inner.RegisterCompilationStartAction(timer.Timed<CompilationStartAnalysisContext>(
                $"{analyzer}: compilation start", start => action(new TimedStartContext(start, timer, analyzer))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) =>
            inner.RegisterCompilationAction(timer.Timed($"{analyzer}: compilation", action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            inner.RegisterSymbolAction(timer.Timed($"{analyzer}: symbol {string.Join("/", symbolKinds)}", action), symbolKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            inner.RegisterOperationAction(timer.Timed($"{analyzer}: operation {string.Join("/", operationKinds)}", action), operationKinds);

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Unsupported();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unsupported();

        private NotSupportedException Unsupported() => new($"{analyzer} registers an action that ActionTimer does not time yet: add it there.");
    }

    private sealed class TimedStartContext(CompilationStartAnalysisContext inner, ActionTimer timer, string analyzer)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        // Several registrations of one kind by one analyzer (one per operation kind, say) are told apart by order.
        private int registrations;

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) =>
            inner.RegisterCompilationEndAction(timer.Timed(Name("compilation end"), action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            inner.RegisterSymbolAction(timer.Timed(Name($"symbol {string.Join("/", symbolKinds)}"), action), symbolKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            inner.RegisterOperationAction(timer.Timed(Name($"operation {string.Join("/", operationKinds)}"), action), operationKinds);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            inner.RegisterOperationBlockAction(timer.Timed(Name("operation block"), action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Unsupported();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unsupported();

        private string Name(string registration) => $"{analyzer}: {registration} #{Interlocked.Increment(ref registrations)}";

        private NotSupportedException Unsupported() => new($"{analyzer} registers an action that ActionTimer does not time yet: add it there.");
    }
}
