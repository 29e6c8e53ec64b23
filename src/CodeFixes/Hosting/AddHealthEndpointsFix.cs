using System;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using NoDowntime.Analyzers.Hosting;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// ND5001: registers health checks (when they are not) and maps a liveness and a readiness endpoint that select
/// their checks by tag.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddHealthEndpointsFix)), Shared]
public sealed class AddHealthEndpointsFix : HostProgramFix
{
    private const string EquivalenceKey = "ND5001.AddHealthEndpoints";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoHealthEndpoints.Id);

    public AddHealthEndpointsFix()
        : base(EquivalenceKey)
    {
    }

    private protected override (string Title, Action Edit)? Plan(HostProgramEditor editor, Diagnostic diagnostic)
    {
        bool registered = diagnostic.Properties.TryGetValue(NoHealthEndpointsRule.HasAddHealthChecksProperty, out string? value) && value == "true";
        return ("Map '/health/live' and '/health/ready' health endpoints", () =>
        {
            if (!registered)
            {
                editor.AddServices($"{editor.BuilderName}.Services.AddHealthChecks();");
            }

            editor.RequireNamespace("Microsoft.AspNetCore.Diagnostics.HealthChecks", "HealthCheckOptions");
            editor.AddEndpoints($"{editor.AppName}.MapHealthChecks(\"/health/live\", new HealthCheckOptions {{ Predicate = check => check.Tags.Contains(\"live\") }});");
            editor.AddEndpoints($"{editor.AppName}.MapHealthChecks(\"/health/ready\", new HealthCheckOptions {{ Predicate = check => check.Tags.Contains(\"ready\") }});");
        });
    }
}
