using System.Collections.Immutable;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>ND5001: a web host with no health endpoint at all.</summary>
internal static class NoHealthEndpointsRule
{
    /// <summary>Diagnostic property: "true" when <c>AddHealthChecks()</c> is already called (the fix then only maps endpoints).</summary>
    internal const string HasAddHealthChecksProperty = "HasAddHealthChecks";

    internal static void Evaluate(HostRuleContext context)
    {
        HostFacts model = context.Facts;
        if (model.UsesPlatformMethod || model.Endpoints.Count > 0)
        {
            return;
        }

        bool registered = model.Has(HostApi.AddHealthChecks);
        string advice = registered
            ? "AddHealthChecks() registers checks but nothing maps them; map '/health/live' and '/health/ready' with app.MapHealthChecks(...)"
            : "add builder.Services.AddHealthChecks() and map '/health/live' and '/health/ready' with app.MapHealthChecks(...)";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(HasAddHealthChecksProperty, registered ? "true" : "false");
        context.ReportAtSites(Rules.NoHealthEndpoints, properties, advice);
    }
}
