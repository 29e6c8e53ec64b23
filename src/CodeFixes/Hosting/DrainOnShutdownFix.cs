using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// ND5007: the app-side drain. When shutdown begins, keep serving for a few seconds before the host stops the
/// server, so load balancers learn that the instance is leaving before it refuses connections (what a preStop
/// sleep does from the manifest).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DrainOnShutdownFix)), Shared]
public sealed class DrainOnShutdownFix : CodeFixProvider
{
    private const string EquivalenceKey = "ND5007.DrainOnShutdown";

    /// <summary>Longer than a typical endpoint-removal propagation (kube-proxy, ingress) and a probe period.</summary>
    private const int DrainSeconds = 5;

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.ReadinessIgnoresShutdown.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            HostProgramEditor? editor = await HostProgramEditor.CreateAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (editor is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Keep serving for {DrainSeconds} seconds after shutdown begins",
                    _ =>
                    {
                        editor.RequireNamespace("System", "TimeSpan");
                        editor.RequireNamespace("System.Threading", "Thread");
                        editor.AddPipeline(
                            $"// Load balancers keep routing here for a few seconds after SIGTERM: serve them before the server stops.\n" +
                            $"{editor.AppName}.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(TimeSpan.FromSeconds({DrainSeconds})));");
                        return Task.FromResult(editor.Apply());
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
