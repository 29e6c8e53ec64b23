using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Endpoints;

namespace NoDowntime.SampleService.Hosting;

public static class LimitsSetup
{
    /// <summary>
    /// Configures the request timeouts and rate limiters that Program.cs registers (AddRequestTimeouts,
    /// AddRateLimiter) from the validated Limits:* and Inventory:* settings.
    /// </summary>
    public static IServiceCollection ConfigureServiceLimits(this IServiceCollection services)
    {
        ConfigureRequestTimeouts(services);
        ConfigureRateLimiting(services);
        return services;
    }

    /// <summary>Request timeouts: a default for every endpoint, a named one for the call that leaves the process.</summary>
    private static void ConfigureRequestTimeouts(IServiceCollection services)
    {
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<LimitsOptions>, IOptions<InventoryOptions>>((timeouts, limits, inventory) =>
        {
            timeouts.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = limits.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            };
            timeouts.AddPolicy(ProductEndpoints.StockTimeoutPolicy, new RequestTimeoutPolicy
            {
                Timeout = inventory.Value.TotalTimeout + TimeSpan.FromSeconds(1),
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            });
        });
    }

    /// <summary>
    /// Two limiters chained in front of every endpoint (probes and /metrics are exempt): a token bucket per client
    /// (429 with Retry-After from the bucket's refill time) and a concurrency limit for the whole instance with a
    /// bounded queue (503 with Retry-After). Rejections are RFC 7807 problems.
    /// </summary>
    private static void ConfigureRateLimiting(IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>>((options, limitsOptions) =>
        {
            LimitsOptions limits = limitsOptions.Value;
            PartitionedRateLimiter<HttpContext> perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.ClientBurst,
                    TokensPerPeriod = limits.ClientTokensPerPeriod,
                    ReplenishmentPeriod = limits.ClientReplenishmentPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            PartitionedRateLimiter<HttpContext> instance = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                RateLimitPartition.GetConcurrencyLimiter("instance", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.ConcurrentRequests,
                    QueueLimit = limits.ConcurrencyQueue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));

            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, instance);
            options.OnRejected = async (context, cancellationToken) =>
            {
                HttpContext http = context.HttpContext;
                bool perClientLimit = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter);
                int status = perClientLimit ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
                int seconds = perClientLimit ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                http.Response.StatusCode = status;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                IProblemDetailsService problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = status,
                        Title = perClientLimit ? "Too many requests" : "Server busy",
                        Detail = perClientLimit
                            ? "This client has used its request budget; retry after the given delay."
                            : "The instance is at its concurrency limit; retry shortly.",
                    },
                });
            };
        });
    }

    /// <summary>The authenticated user when there is one, else the remote address (behind a proxy: forwarded headers).</summary>
    private static string ClientKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.Identity.Name is { } user
            ? "user:" + user
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
