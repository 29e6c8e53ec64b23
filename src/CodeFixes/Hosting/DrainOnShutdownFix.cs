using System;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// ND5007: the app-side drain. When shutdown begins, keep serving for a few seconds before the host stops the
/// server, so load balancers learn that the instance is leaving before it refuses connections (what a preStop
/// sleep does from the manifest).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DrainOnShutdownFix)), Shared]
public sealed class DrainOnShutdownFix : HostProgramFix
{
    private const string EquivalenceKey = "ND5007.DrainOnShutdown";

    /// <summary>Longer than a typical endpoint-removal propagation (kube-proxy, ingress) and a probe period.</summary>
    private const int DrainSeconds = 5;

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.ReadinessIgnoresShutdown.Id);

    public DrainOnShutdownFix()
        : base(EquivalenceKey)
    {
    }

    private protected override (string Title, Action Edit)? Plan(HostProgramEditor editor, Diagnostic diagnostic) =>
        ($"Keep serving for {DrainSeconds} seconds after shutdown begins", () =>
        {
            editor.RequireNamespace("System", "TimeSpan");
            editor.RequireNamespace("System.Threading", "Thread");
            editor.AddPipeline(
                "// Load balancers keep routing here for a few seconds after SIGTERM: serve them before the server stops.\n" +
                $"{editor.AppName}.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(TimeSpan.FromSeconds({DrainSeconds})));");
        });
}
