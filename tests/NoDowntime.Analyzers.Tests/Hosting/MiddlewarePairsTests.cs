using System.Threading.Tasks;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class MiddlewarePairsTests
{
    [Fact]
    public Task Flags_request_timeout_services_without_the_middleware() => Verify.VerifyAsync(
        TopLevel(timeoutPipeline: "", build: "{|#0:builder.Build()|}"),
        Verify.Diagnostic(Rules.MiddlewareHalfWired).WithLocation(0).WithArguments(
            "AddRequestTimeouts() registers the request-timeout services but UseRequestTimeouts() never adds the request-timeout middleware to the pipeline, so it never runs; call app.UseRequestTimeouts() (after UseRouting when the app calls it)"));

    [Fact]
    public Task Flags_the_rate_limiter_middleware_without_its_services() => Verify.VerifyAsync(
        TopLevel(limiter: "", build: "{|#0:builder.Build()|}"),
        Verify.Diagnostic(Rules.MiddlewareHalfWired).WithLocation(0).WithArguments(
            "The rate-limiting middleware is in the pipeline but AddRateLimiter(...) never registers its services, so the app fails at startup or on the first request that reaches it; call builder.Services.AddRateLimiter(...)"));

    [Fact]
    public Task Flags_both_halves_when_only_endpoint_timeouts_are_declared() => Verify.VerifyAsync(
        TopLevel(timeouts: "", timeoutPipeline: "", build: "{|#0:builder.Build()|}", extraPipeline: """app.MapGet("/slow", () => "ok").WithRequestTimeout(TimeSpan.FromSeconds(2));"""),
        Verify.Diagnostic(Rules.MiddlewareHalfWired).WithLocation(0).WithArguments(
            "Endpoints declare request timeouts (WithRequestTimeout / [RequestTimeout]) but UseRequestTimeouts() never adds the request-timeout middleware to the pipeline, so it never runs; call app.UseRequestTimeouts() (after UseRouting when the app calls it)"),
        Verify.Diagnostic(Rules.MiddlewareHalfWired).WithLocation(0).WithArguments(
            "Endpoints declare request timeouts (WithRequestTimeout / [RequestTimeout]) but AddRequestTimeouts() never registers its services, so the app fails at startup or on the first request that reaches it; call builder.Services.AddRequestTimeouts()"));

    [Fact]
    public Task Flags_rate_limiting_attributes_without_the_middleware() => Verify.VerifyAsync(
        TopLevel(limiter: "", limiterPipeline: "", build: "{|ND5006:{|ND5006:builder.Build()|}|}", extraPipeline: "app.MapControllers();", types: """
            [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("orders")]
            public sealed class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
            {
            }
            """));

    [Fact]
    public Task Flags_mapped_health_checks_without_their_services() => Verify.VerifyAsync(
        TopLevel(health: "", build: "{|ND5006:builder.Build()|}"));

    [Fact]
    public Task Flags_output_cache_services_without_the_middleware() => Verify.VerifyAsync(
        TopLevel(extraServices: "builder.Services.AddOutputCache();", build: "{|ND5006:builder.Build()|}"));

    [Fact]
    public Task Flags_response_compression_middleware_without_its_services() => Verify.VerifyAsync(
        TopLevel(extraPipeline: "app.UseResponseCompression();", build: "{|ND5006:builder.Build()|}"));

    [Fact]
    public Task Leaves_matched_pairs_alone() => Verify.VerifyAsync(TopLevel(
        extraServices: "builder.Services.AddOutputCache(); builder.Services.AddResponseCompression(); builder.Services.AddResponseCaching();",
        extraPipeline: "app.UseOutputCache(); app.UseResponseCompression(); app.UseResponseCaching();"));

    [Fact]
    public Task Leaves_health_checks_run_by_a_hand_written_probe_alone() => Verify.VerifyAsync(TopLevel(healthEndpoints: """
        app.MapGet("/health/live", () => Results.Ok());
        app.MapGet("/health/ready", async (Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService checks) =>
            (await checks.CheckHealthAsync()).Status == HealthStatus.Healthy ? Results.Ok() : Results.StatusCode(503));
        """));
}
