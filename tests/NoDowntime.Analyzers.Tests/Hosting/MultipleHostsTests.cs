using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.CodeFixes.Hosting;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

/// <summary>A compilation that builds more than one web host: each host is judged by what its own code composes.</summary>
public class MultipleHostsTests
{
    /// <summary>A side host for operators, built in its own method: health checks and one '/health' endpoint, nothing else.</summary>
    private const string AdminHostWithOneEndpoint = """
        static class AdminHost
        {
            public static Task RunAsync(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHealthChecks();
                var admin = {|ND5002:{|ND5004:{|ND5005:builder.Build()|}|}|};
                admin.MapHealthChecks("/health");
                return admin.RunAsync();
            }
        }
        """;

    /// <summary>A side host with the whole zero-downtime set of its own.</summary>
    private const string CompleteAdminHost = """
        static class AdminHost
        {
            public static Task RunAsync(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });
                builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(5) });
                builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                    RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions { PermitLimit = 10 })));
                var admin = builder.Build();
                admin.UseRequestTimeouts();
                admin.UseRateLimiter();
                admin.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
                admin.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                return admin.RunAsync();
            }
        }
        """;

    [Fact]
    public Task Judges_a_top_level_host_and_a_side_host_each_on_its_own() => Verify.VerifyAsync(
        TopLevel(
            health: "",
            healthEndpoints: "",
            build: "{|#0:builder.Build()|}",
            extraPipeline: "_ = AdminHost.RunAsync(args);",
            types: AdminHostWithOneEndpoint),
        Verify.Diagnostic(Rules.NoHealthEndpoints).WithLocation(0).WithArguments(
            "add builder.Services.AddHealthChecks() and map '/health/live' and '/health/ready' with app.MapHealthChecks(...)"));

    [Fact]
    public Task Flags_the_side_host_only_when_the_main_host_is_complete() => Verify.VerifyAsync(
        TopLevel(extraPipeline: "_ = AdminHost.RunAsync(args);", types: AdminHostWithOneEndpoint));

    [Fact]
    public Task Flags_request_timeouts_missing_from_the_main_host_when_only_the_side_host_sets_them() => Verify.VerifyAsync(
        TopLevel(
            timeouts: "",
            timeoutPipeline: "",
            build: "{|ND5004:builder.Build()|}",
            extraPipeline: "_ = AdminHost.RunAsync(args);",
            types: CompleteAdminHost));

    [Fact]
    public Task Flags_a_side_host_without_health_endpoints_next_to_a_complete_main_host() => Verify.VerifyAsync(
        TopLevel(types: """
            static class MetricsHost
            {
                public static WebApplication Create(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRequestTimeouts();
                    builder.Services.AddRateLimiter(_ => { });
                    var metrics = {|ND5001:builder.Build()|};
                    metrics.UseRequestTimeouts();
                    metrics.UseRateLimiter();
                    metrics.MapGet("/metrics", () => "");
                    return metrics;
                }
            }
            """));

    [Fact]
    public Task Counts_extension_methods_for_the_host_that_calls_them() => Verify.VerifyAsync(
        TopLevel(
            health: "builder.Services.AddPlatformDefaults();",
            timeouts: "",
            limiter: "",
            timeoutPipeline: "",
            limiterPipeline: "",
            healthEndpoints: "app.MapPlatformEndpoints();",
            extraPipeline: "_ = AdminHost.RunAsync(args);",
            types: """
                static class AdminHost
                {
                    public static Task RunAsync(string[] args)
                    {
                        var builder = WebApplication.CreateBuilder(args);
                        var admin = {|ND5001:{|ND5004:{|ND5005:builder.Build()|}|}|};
                        admin.MapGet("/metrics", () => "");
                        return admin.RunAsync();
                    }
                }

                static class PlatformExtensions
                {
                    public static IServiceCollection AddPlatformDefaults(this IServiceCollection services)
                    {
                        services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });
                        return services.AddProtection();
                    }

                    private static IServiceCollection AddProtection(this IServiceCollection services)
                    {
                        services.AddRequestTimeouts();
                        return services.AddRateLimiter(_ => { });
                    }

                    public static WebApplication MapPlatformEndpoints(this WebApplication app)
                    {
                        app.UseRequestTimeouts();
                        app.UseRateLimiter();
                        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                        return app;
                    }
                }
                """));

    [Fact]
    public Task Counts_extension_methods_called_by_both_hosts_for_both() => Verify.VerifyAsync(
        TopLevel(
            healthEndpoints: "app.MapProbes();",
            extraPipeline: "_ = AdminHost.RunAsync(args);",
            types: """
                static class AdminHost
                {
                    public static Task RunAsync(string[] args)
                    {
                        var builder = WebApplication.CreateBuilder(args);
                        builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });
                        builder.Services.AddRequestTimeouts();
                        builder.Services.AddRateLimiter(_ => { });
                        var admin = builder.Build();
                        admin.UseRequestTimeouts();
                        admin.UseRateLimiter();
                        admin.MapProbes();
                        return admin.RunAsync();
                    }
                }

                static class Probes
                {
                    public static void MapProbes(this IEndpointRouteBuilder endpoints)
                    {
                        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                    }
                }
                """));

    [Fact]
    public Task Counts_a_method_group_for_the_host_that_passes_it() => Verify.VerifyAsync(
        TopLevel(
            healthEndpoints: "",
            extraPipeline: """
                MapProbes(app);
                _ = AdminHost.RunAsync(args);
                """,
            types: """
                static class AdminHost
                {
                    public static Task RunAsync(string[] args)
                    {
                        var builder = WebApplication.CreateBuilder(args);
                        var admin = {|ND5001:{|ND5004:{|ND5005:builder.Build()|}|}|};
                        return admin.RunAsync();
                    }
                }
                """) + """

            partial class Program
            {
                static void MapProbes(IEndpointRouteBuilder endpoints) => Apply(endpoints, MapBoth);

                static void Apply(IEndpointRouteBuilder endpoints, Action<IEndpointRouteBuilder> map) => map(endpoints);

                static void MapBoth(IEndpointRouteBuilder endpoints)
                {
                    endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                    endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                }
            }
            """);

    [Fact]
    public Task Counts_a_Startup_class_for_the_host_that_names_it()
    {
        var test = Verify.Test("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;
            using Microsoft.AspNetCore.Http.Timeouts;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    _ = AdminHost.RunAsync(args);
                    await {|ND5005:CreateHostBuilder(args).Build()|}.RunAsync();
                }

                public static IHostBuilder CreateHostBuilder(string[] args) =>
                    Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web.UseStartup<Startup>());
            }

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddHealthChecks();
                    services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(5) });
                }

                public void Configure(IApplicationBuilder app, IHostApplicationLifetime lifetime)
                {
                    lifetime.ApplicationStopping.Register(() => { });
                    app.UseRouting();
                    app.UseRequestTimeouts();
                    app.UseEndpoints(endpoints =>
                    {
                        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                        endpoints.MapHealthChecks("/health/ready");
                    });
                }
            }

            public static class AdminHost
            {
                public static Task RunAsync(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var admin = {|ND5001:{|ND5004:{|ND5005:builder.Build()|}|}|};
                    admin.MapGet("/metrics", () => "");
                    return admin.RunAsync();
                }
            }
            """);
        test.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Counts_code_that_no_host_calls_for_every_host()
    {
        // The Startup class is not named by either host (the framework finds it by convention in this shape), so
        // what it composes is nobody's in particular and counts for both.
        var test = Verify.Test("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    _ = AdminHost.RunAsync(args);
                    var builder = WebApplication.CreateBuilder(args);
                    var app = {|ND5004:{|ND5005:{|ND5007:builder.Build()|}|}|};
                    await app.RunAsync();
                }
            }

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddHealthChecks();

                public void Configure(IApplicationBuilder app) =>
                    app.UseEndpoints(endpoints =>
                    {
                        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                        endpoints.MapHealthChecks("/health/ready");
                    });
            }

            public static class AdminHost
            {
                public static Task RunAsync(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var admin = {|ND5004:{|ND5005:{|ND5007:builder.Build()|}|}|};
                    return admin.RunAsync();
                }
            }
            """);
        test.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Judges_hosts_built_in_the_same_member_together() => Verify.VerifyAsync(
        TopLevel(extraPipeline: """
            var adminBuilder = WebApplication.CreateBuilder(args);
            var admin = adminBuilder.Build();
            _ = admin.RunAsync();
            """));

    [Fact]
    public Task Fix_registers_health_checks_in_the_side_host_that_lacks_them() =>
        FixTest.RunAsync<AddHealthEndpointsFix>("""
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
            var app = builder.Build();
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
            app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
            _ = AdminHost.RunAsync(args);
            app.Run();

            static class AdminHost
            {
                public static async Task RunAsync(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRequestTimeouts();
                    builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
                    var admin = {|ND5001:builder.Build()|};
                    admin.UseRequestTimeouts();
                    admin.UseRateLimiter();
                    await admin.RunAsync();
                }
            }
            """, """
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddRequestTimeouts();
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
            var app = builder.Build();
            app.UseRequestTimeouts();
            app.UseRateLimiter();
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
            app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
            _ = AdminHost.RunAsync(args);
            app.Run();

            static class AdminHost
            {
                public static async Task RunAsync(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRequestTimeouts();
                    builder.Services.AddRateLimiter(o => o.GlobalLimiter = null);
                    builder.Services.AddHealthChecks();
                    var admin = builder.Build();
                    admin.UseRequestTimeouts();
                    admin.UseRateLimiter();
                    admin.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
                    admin.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
                    await admin.RunAsync();
                }
            }
            """);
}
