namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// ND5004: no request timeout of any kind. A half-wired setup (services without middleware, endpoint timeouts
/// without either) is ND5006's, which says exactly which half is missing. Silent on frameworks older than
/// ASP.NET Core 8, which have no request-timeouts middleware to suggest.
/// </summary>
internal static class RequestTimeoutsRule
{
    internal static void Evaluate(HostRuleContext context)
    {
        HostFacts model = context.Facts;
        if (!context.Api.HasRequestTimeouts
            || model.UsesPlatformMethod
            || model.Has(HostApi.AddRequestTimeouts)
            || model.Has(HostApi.UseRequestTimeouts)
            || model.HasRequestTimeoutMetadata)
        {
            return;
        }

        context.ReportAtSites(Rules.NoRequestTimeouts, properties: null);
    }
}
