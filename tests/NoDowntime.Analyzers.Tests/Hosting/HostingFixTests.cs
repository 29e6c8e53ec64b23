using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.CodeFixes.Hosting;
using NoDowntime.Analyzers.Hosting;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class AddHealthEndpointsFixTests
{
    [Fact]
    public Task Registers_health_checks_and_maps_liveness_and_readiness_before_Run() =>
        CodeFixVerifier<HostCompositionAnalyzer, AddHealthEndpointsFix>.VerifyAsync("""
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
        return test.RunAsync();
    }
}

public class AddRequestTimeoutsFixTests
{
    [Fact]
    public Task Adds_services_with_a_default_policy_and_the_middleware_after_UseRouting() =>
        CodeFixVerifier<HostCompositionAnalyzer, AddRequestTimeoutsFix>.VerifyAsync("""
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
        CodeFixVerifier<HostCompositionAnalyzer, AddConcurrencyLimiterFix>.VerifyAsync("""
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
        return test.RunAsync();
    }

    [Fact]
    public Task Offers_no_clamp_for_a_stopping_delay()
    {
        var test = CodeFixVerifier<HostCompositionAnalyzer, ClampShutdownTimeoutFix>.Test(
            HostPrograms.TopLevel(extraPipeline: "app.Lifetime.ApplicationStopping.Register(() => {|ND5003:Thread.Sleep(45_000)|});"),
            HostPrograms.TopLevel(extraPipeline: "app.Lifetime.ApplicationStopping.Register(() => {|ND5003:Thread.Sleep(45_000)|});"));

        // The source stays as it is: a fix would change the text and fail the comparison.
        return test.RunAsync();
    }
}
