namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// ND5005: no rate or concurrency limiter (the rate-limiting middleware, endpoint rate-limiting policies, or
/// Kestrel's <c>MaxConcurrentConnections</c>). A half-wired limiter is ND5006's.
/// </summary>
internal static class ConcurrencyLimiterRule
{
    internal static void Evaluate(HostRuleContext context)
    {
        HostComposition model = context.Model;
        if (model.UsesPlatformMethod
            || model.Has(HostApi.AddRateLimiter)
            || model.Has(HostApi.UseRateLimiter)
            || model.HasRateLimitingMetadata
            || model.HasConnectionLimit)
        {
            return;
        }

        context.ReportAtSites(Rules.NoConcurrencyLimiter, properties: null);
    }
}
