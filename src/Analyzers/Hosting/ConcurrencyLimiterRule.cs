namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// ND5005: no rate or concurrency limiter (the rate-limiting middleware, endpoint rate-limiting policies, or
/// Kestrel's <c>MaxConcurrentConnections</c>). A half-wired limiter is ND5006's. Silent on frameworks older than
/// ASP.NET Core 7, which have no rate-limiting middleware to suggest.
/// </summary>
internal static class ConcurrencyLimiterRule
{
    internal static void Evaluate(HostRuleContext context)
    {
        HostFacts model = context.Facts;
        if (!context.Api.HasRateLimiter
            || model.UsesPlatformMethod
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
