using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Benchmarks.Measurement;


/// <summary>
/// An analyzer that does nothing but ask for every invocation operation: what any operation-based analyzer package
/// (the SDK's own CA analyzers in every build) makes the driver pay — compilation events and IOperation trees. Runs
/// next to nothing, so "all analyzers" minus "this" is what NoDowntime's own code costs.
/// </summary>
internal sealed class DriverBaselineAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "PERF0001", "Driver baseline", "Driver baseline", "Performance", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}
