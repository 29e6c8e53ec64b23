using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.CodeFixes.Hosting;
using NoDowntime.Analyzers.Hosting;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Hosting;

/// <summary>Fix tests run as a deployment with a preStop hook: ND5007 has its own tests.</summary>
internal static class FixTest
{
    public const string PreStopHook = "nodowntime.shutdown.prestop_hook";

    public static Task RunAsync<TFix>(string source, string fixedSource)
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, TFix>.Test(source, fixedSource);
        test.EditorConfigOptions[PreStopHook] = "true";
        return test.RunAsync();
    }
}

public class AddHealthEndpointsFixTests
{
    [Fact]
    public Task Registers_health_checks_and_maps_liveness_and_readiness_before_Run() =>
        FixTest.RunAsync<AddHealthEndpointsFix>("""
            using Microsoft.AspNetCore.Http.Timeouts;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);

            var app = {|ND5001:builder.Build()|};
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapGet("/orders", () => "orders");

            app.Run();
            """, """
            using Microsoft.AspNetCore.Http.Timeouts;
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
            builder.Services.AddHealthChecks();

            var app = builder.Build();
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapGet("/orders", () => "orders");
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
            app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

            app.Run();
            """);

    [Fact]
    public Task Maps_endpoints_in_a_Main_method_when_checks_are_registered_already()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, AddHealthEndpointsFix>.Test("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddHealthChecks();
                    builder.Services.AddRequestTimeouts();
                    builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
                    var webApp = {|ND5001:builder.Build()|};
                    webApp.UseRequestTimeouts();
                    webApp.UseRateLimiter();
                    await webApp.RunAsync();
                }
            }
            """, """
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddHealthChecks();
                    builder.Services.AddRequestTimeouts();
                    builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
                    var webApp = builder.Build();
                    webApp.UseRequestTimeouts();
                    webApp.UseRateLimiter();
                    webApp.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
                    webApp.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
                    await webApp.RunAsync();
                }
            }
            """);
        test.OutputKind = OutputKind.ConsoleApplication;
        test.EditorConfigOptions[FixTest.PreStopHook] = "true";
        return test.RunAsync();
    }

    [Fact]
    public Task Offers_no_fix_for_a_host_built_in_a_chain()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, AddHealthEndpointsFix>.Test("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
            {|ND5001:{|ND5006:{|ND5006:builder.Build()|}|}|}.Run();
            """, """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
            {|ND5001:{|ND5006:{|ND5006:builder.Build()|}|}|}.Run();
            """);

        // The source stays as it is: a fix would change the text and fail the comparison.
        test.EditorConfigOptions[FixTest.PreStopHook] = "true";
        return test.RunAsync();
    }
}

public class AddRequestTimeoutsFixTests
{
    [Fact]
    public Task Adds_services_with_a_default_policy_and_the_middleware_after_UseRouting() =>
        FixTest.RunAsync<AddRequestTimeoutsFix>("""
            // The orders service.
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
            var app = {|ND5004:builder.Build()|};
            app.UseRouting();
            app.UseRateLimiter();
            app.MapHealthChecks("/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/ready");
            app.Run();
            """, """
            // The orders service.
            using Microsoft.AspNetCore.Http.Timeouts;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
            builder.Services.AddRequestTimeouts(options =>
                options.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(10) });
            var app = builder.Build();
            app.UseRouting();
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapHealthChecks("/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/ready");
            app.Run();
            """);
}

public class AddConcurrencyLimiterFixTests
{
    [Fact]
    public Task Adds_a_global_concurrency_limiter_and_the_middleware() =>
        FixTest.RunAsync<AddConcurrencyLimiterFix>("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRequestTimeouts();

            var app = {|ND5005:builder.Build()|};
            app.UseRequestTimeouts();
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.Run();
            """, """
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;
            using System.Threading.RateLimiting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(options =>
            {
                options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                    RateLimitPartition.GetConcurrencyLimiter("global", _ => new ConcurrencyLimiterOptions { PermitLimit = 100, QueueLimit = 100 }));
            });

            var app = builder.Build();
            app.UseRateLimiter();
            app.UseRequestTimeouts();
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.Run();
            """);
}

public class CompleteMiddlewarePairFixTests
{
    [Fact]
    public Task Adds_the_missing_middleware_and_the_missing_services()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, CompleteMiddlewarePairFix>.Test("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRequestTimeouts();
            var app = {|ND5006:{|ND5006:builder.Build()|}|};
            app.UseRateLimiter();
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.Run();
            """, """
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(_ => { });
            var app = builder.Build();
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.Run();
            """);
        test.EditorConfigOptions[FixTest.PreStopHook] = "true";
        return test.RunAsync();
    }
}

public class ClampShutdownTimeoutFixTests
{
    [Fact]
    public Task Clamps_the_shutdown_timeout_to_the_budget()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, ClampShutdownTimeoutFix>.Test(
            HostPrograms.TopLevel(extraServices: """
                builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = {|ND5003:TimeSpan.FromMinutes(2)|});
                builder.Host.ConfigureHostOptions(options => options.ShutdownTimeout = /* forever */ {|ND5003:Timeout.InfiniteTimeSpan|});
                """),
            HostPrograms.TopLevel(extraServices: """
                builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));
                builder.Host.ConfigureHostOptions(options => options.ShutdownTimeout = /* forever */ TimeSpan.FromSeconds(20));
                """));
        test.EditorConfigOptions["nodowntime.shutdown.max_seconds"] = "20";
        test.EditorConfigOptions[FixTest.PreStopHook] = "true";
        return test.RunAsync();
    }

    [Fact]
    public Task Offers_no_clamp_for_a_stopping_delay()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, ClampShutdownTimeoutFix>.Test(
            HostPrograms.TopLevel(extraPipeline: "app.Lifetime.ApplicationStopping.Register(() => {|ND5003:Thread.Sleep(45_000)|});"),
            HostPrograms.TopLevel(extraPipeline: "app.Lifetime.ApplicationStopping.Register(() => {|ND5003:Thread.Sleep(45_000)|});"));

        // The source stays as it is: a fix would change the text and fail the comparison.
        test.EditorConfigOptions[FixTest.PreStopHook] = "true";
        return test.RunAsync();
    }
}

public class SeparateLivenessFixTests
{
    private const string Services = """
        builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });
        builder.Services.AddRequestTimeouts();
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
        """;

    [Fact]
    public Task Gives_the_liveness_endpoint_a_predicate_on_the_live_tag() => FixTest.RunAsync<SeparateLivenessFix>($$"""
        using Microsoft.Extensions.Diagnostics.HealthChecks;

        var builder = WebApplication.CreateBuilder(args);
        {{Services}}
        var app = {|ND5002:builder.Build()|};
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        app.MapHealthChecks("/health/live");
        app.MapHealthChecks("/health/ready");
        app.Run();

        {{HostPrograms.DatabaseCheck}}
        """, $$"""
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;

        var builder = WebApplication.CreateBuilder(args);
        {{Services}}
        var app = builder.Build();
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready");
        app.Run();

        {{HostPrograms.DatabaseCheck}}
        """);

    [Fact]
    public Task Fixes_a_liveness_endpoint_mapped_by_an_extension_in_another_file()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, SeparateLivenessFix>.Test($$"""
            using Microsoft.Extensions.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            {{Services}}
            var app = {|ND5002:builder.Build()|};
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapProbes();
            app.Run();

            {{HostPrograms.DatabaseCheck}}
            """, $$"""
            using Microsoft.Extensions.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            {{Services}}
            var app = builder.Build();
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapProbes();
            app.Run();

            {{HostPrograms.DatabaseCheck}}
            """);
        test.Sources.Add("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            static class Probes
            {
                public static void MapProbes(this IEndpointRouteBuilder endpoints)
                {
                    endpoints.MapHealthChecks("/alive");
                    endpoints.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                }
            }
            """);
        test.FixedSources.Add("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            static class Probes
            {
                public static void MapProbes(this IEndpointRouteBuilder endpoints)
                {
                    endpoints.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
                    endpoints.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                }
            }
            """);
        test.EditorConfigOptions[FixTest.PreStopHook] = "true";
        return test.RunAsync();
    }

    [Fact]
    public Task Maps_separate_endpoints_next_to_a_single_one() => FixTest.RunAsync<SeparateLivenessFix>($$"""
        using Microsoft.Extensions.Diagnostics.HealthChecks;

        var builder = WebApplication.CreateBuilder(args);
        {{Services}}
        var app = {|ND5002:builder.Build()|};
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        app.MapHealthChecks("/healthz");
        app.Run();

        {{HostPrograms.DatabaseCheck}}
        """, $$"""
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using Microsoft.AspNetCore.Diagnostics.HealthChecks;

        var builder = WebApplication.CreateBuilder(args);
        {{Services}}
        var app = builder.Build();
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.Run();

        {{HostPrograms.DatabaseCheck}}
        """);

    [Fact]
    public Task Offers_no_fix_when_the_new_path_would_collide_with_the_single_endpoint()
    {
        const string Source = $$"""
            using Microsoft.Extensions.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            {{Services}}
            var app = {|ND5002:builder.Build()|};
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapHealthChecks("/health/ready");
            app.Run();

            {{HostPrograms.DatabaseCheck}}
            """;

        // The source stays as it is: a fix would change the text and fail the comparison.
        return FixTest.RunAsync<SeparateLivenessFix>(Source, Source);
    }
}
