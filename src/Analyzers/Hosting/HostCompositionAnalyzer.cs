using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// The ND5 rules. They share one walk: every invocation, assignment, lambda and method of the compilation feeds
/// one <see cref="HostComposition"/>, and at compilation end each rule reads the facts that count for each web
/// host and reports at the place where that host is built. A compilation that builds no web host (a library, a
/// worker service, a test project) is left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostCompositionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.NoHealthEndpoints,
        Rules.LivenessNotSeparated,
        Rules.ShutdownTimeoutTooLong,
        Rules.NoRequestTimeouts,
        Rules.NoConcurrencyLimiter,
        Rules.MiddlewareHalfWired,
        Rules.ReadinessIgnoresShutdown);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        Compilation compilation = context.Compilation;
        if (!IsApplication(compilation) || TestProjects.IsTestProject(compilation))
        {
            return;
        }

        HostApiTable? api = HostApiTable.Create(compilation);
        if (api is null)
        {
            return;
        }

        var options = new NoDowntimeOptions<HostingOptions>(context.Options, HostingOptions.Parse, compilation);
        var collector = new HostCompositionCollector(api, options, compilation.Assembly);

        context.RegisterOperationAction(collector.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(collector.AnalyzeAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(collector.AnalyzeAnonymousFunction, OperationKind.AnonymousFunction);
        context.RegisterOperationAction(collector.AnalyzePropertyReference, OperationKind.PropertyReference);
        context.RegisterOperationAction(collector.AnalyzeMethodReference, OperationKind.MethodReference);
        context.RegisterSymbolAction(collector.AnalyzeSymbol, SymbolKind.Method, SymbolKind.NamedType);
        context.RegisterCompilationEndAction(end => Report(collector.Model, api, options, end));
    }

    /// <summary>Only an executable hosts a service: a library that happens to build a host is someone else's host.</summary>
    private static bool IsApplication(Compilation compilation) =>
        compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication;

    private static void Report(HostComposition model, HostApiTable api, NoDowntimeOptions<HostingOptions> options, CompilationAnalysisContext context)
    {
        if (model.IsTestHost)
        {
            return;
        }

        IReadOnlyList<HostSite> sites = model.WebHostSites();
        if (sites.Count == 0)
        {
            return;
        }

        // Shutdown findings are certain where the value is written: reported once, whichever host they serve.
        ShutdownTimeoutRule.Evaluate(model, context.ReportDiagnostic);

        // The other rules judge each host by the facts that count for it (all of them when there is one host).
        foreach (HostView view in model.Views(sites))
        {
            var rules = new HostRuleContext(view.Facts, api, view.Sites, options, context.ReportDiagnostic);
            NoHealthEndpointsRule.Evaluate(rules);
            LivenessReadinessRule.Evaluate(rules);
            RequestTimeoutsRule.Evaluate(rules);
            ConcurrencyLimiterRule.Evaluate(rules);
            MiddlewarePairsRule.Evaluate(rules);
            ReadinessOnShutdownRule.Evaluate(rules);
        }
    }
}
