using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using NoDowntime.Analyzers.Hosting;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// ND5001: registers health checks (when they are not) and maps a liveness and a readiness endpoint that select
/// their checks by tag.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddHealthEndpointsFix)), Shared]
public sealed class AddHealthEndpointsFix : CodeFixProvider
{
    private const string EquivalenceKey = "ND5001.AddHealthEndpoints";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoHealthEndpoints.Id);

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

            bool registered = diagnostic.Properties.TryGetValue(NoHealthEndpointsRule.HasAddHealthChecksProperty, out string? value) && value == "true";
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Map '/health/live' and '/health/ready' health endpoints",
                    _ =>
                    {
                        if (!registered)
                        {
                            editor.AddServices($"{editor.BuilderName}.Services.AddHealthChecks();");
                        }

                        editor.RequireNamespace("Microsoft.AspNetCore.Diagnostics.HealthChecks", "HealthCheckOptions");
                        editor.AddEndpoints($"{editor.AppName}.MapHealthChecks(\"/health/live\", new HealthCheckOptions {{ Predicate = check => check.Tags.Contains(\"live\") }});");
                        editor.AddEndpoints($"{editor.AppName}.MapHealthChecks(\"/health/ready\", new HealthCheckOptions {{ Predicate = check => check.Tags.Contains(\"ready\") }});");
                        return Task.FromResult(editor.Apply());
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
