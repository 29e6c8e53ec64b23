namespace NoDowntime.Analyzers.Tests.Hosting;

/// <summary>
/// Pieces of realistic Program.cs files. A test starts from the compliant composition and leaves out (or
/// changes) the piece its rule is about, so that every other ND5 rule stays satisfied and silent.
/// </summary>
internal static class HostPrograms
{
    public const string Usings = """
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;
        using Microsoft.AspNetCore.Http.Timeouts;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using System.Threading.RateLimiting;
        """;

    public const string HealthServices = """
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: new[] { "live" })
            .AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });
        """;

    public const string TimeoutServices = """
        builder.Services.AddRequestTimeouts(options =>
            options.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(10) });
        """;

    public const string LimiterServices = """
        builder.Services.AddRateLimiter(options =>
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions { PermitLimit = 100, QueueLimit = 50 })));
        """;

    public const string TimeoutPipeline = "app.UseRequestTimeouts();";

    public const string LimiterPipeline = "app.UseRateLimiter();";

    public const string HealthEndpoints = """
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        """;

    public const string Endpoints = """
        app.MapGet("/orders/{id}", (int id) => Results.Ok(id));
        """;

    public const string DatabaseCheck = """
        sealed class DatabaseCheck : IHealthCheck
        {
            public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
                Task.FromResult(HealthCheckResult.Healthy());
        }
        """;

    /// <summary>A top-level Program.cs with every piece in place; <c>build</c> replaces <c>builder.Build()</c> (for markup).</summary>
    public static string TopLevel(
        string health = HealthServices,
        string timeouts = TimeoutServices,
        string limiter = LimiterServices,
        string extraServices = "",
        string build = "builder.Build()",
        string timeoutPipeline = TimeoutPipeline,
        string limiterPipeline = LimiterPipeline,
        string healthEndpoints = HealthEndpoints,
        string extraPipeline = "",
        string types = "") => $$"""
        {{Usings}}

        var builder = WebApplication.CreateBuilder(args);
        {{health}}
        {{timeouts}}
        {{limiter}}
        {{extraServices}}

        var app = {{build}};
        {{timeoutPipeline}}
        {{limiterPipeline}}
        {{healthEndpoints}}
        {{extraPipeline}}
        {{Endpoints}}
        app.Run();

        {{DatabaseCheck}}
        {{types}}
        """;
}
