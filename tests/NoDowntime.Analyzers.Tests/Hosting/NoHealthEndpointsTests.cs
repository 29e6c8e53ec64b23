using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Hosting;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class NoHealthEndpointsTests
{
    [Fact]
    public Task Flags_top_level_program_that_maps_no_health_endpoint() => Verify.VerifyAsync(
        TopLevel(health: "", healthEndpoints: "", build: "{|#0:builder.Build()|}"),
        Verify.Diagnostic(Rules.NoHealthEndpoints).WithLocation(0).WithArguments(
            "add builder.Services.AddHealthChecks() and map '/health/live' and '/health/ready' with app.MapHealthChecks(...)"));

    [Fact]
    public Task Flags_health_checks_that_are_registered_but_never_mapped() => Verify.VerifyAsync(
        TopLevel(healthEndpoints: "", build: "{|#0:builder.Build()|}"),
        Verify.Diagnostic(Rules.NoHealthEndpoints).WithLocation(0).WithArguments(
            "AddHealthChecks() registers checks but nothing maps them; map '/health/live' and '/health/ready' with app.MapHealthChecks(...)"));

    [Fact]
    public Task Flags_generic_host_with_a_Startup_class()
    {
        var test = Verify.Test("""
            using Microsoft.AspNetCore.Http.Timeouts;

            public static class Program
            {
                public static void Main(string[] args) => {|ND5001:{|ND5005:CreateHostBuilder(args).Build()|}|}.Run();

                public static IHostBuilder CreateHostBuilder(string[] args) =>
                    Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web.UseStartup<Startup>());
            }

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddControllers();
                    services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(5) });
                }

                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseRequestTimeouts();
                    app.UseEndpoints(endpoints => endpoints.MapControllers());
                }
            }
            """);
        test.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_legacy_web_host_builder()
    {
        var test = Verify.Test("""
            using Microsoft.AspNetCore;

            public static class Program
            {
                public static void Main(string[] args) =>
                    {|ND5001:{|ND5004:{|ND5005:WebHost.CreateDefaultBuilder(args).Configure(app => app.Run(context => context.Response.WriteAsync("hi"))).Build()|}|}|}.Run();
            }
            """);
        test.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_WebApplication_Create_at_the_create_call() => Verify.VerifyAsync("""
        var app = {|ND5001:{|ND5004:{|ND5005:WebApplication.Create(args)|}|}|};
        app.MapGet("/", () => "hello");
        app.Run();
        """);

    [Fact]
    public Task Flags_slim_builder() => Verify.VerifyAsync("""
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = {|ND5001:{|ND5004:{|ND5005:builder.Build()|}|}|};
        app.Run();
        """);

    [Fact]
    public Task Leaves_health_checks_mapped_by_an_extension_method_of_the_same_compilation_alone() => Verify.VerifyAsync(
        TopLevel(health: "builder.Services.AddPlatformDefaults();", healthEndpoints: "app.MapPlatformEndpoints();", types: """
            static class PlatformExtensions
            {
                public static IServiceCollection AddPlatformDefaults(this IServiceCollection services)
                {
                    services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });
                    return services;
                }

                public static IEndpointRouteBuilder MapPlatformEndpoints(this IEndpointRouteBuilder endpoints)
                {
                    endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                    endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                    return endpoints;
                }
            }
            """));

    [Fact]
    public Task Leaves_health_check_middleware_alone() => Verify.VerifyAsync(TopLevel(healthEndpoints: """
        app.UseHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks(new PathString("/ready"), new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        """));

    [Fact]
    public Task Leaves_hand_written_probe_endpoints_alone() => Verify.VerifyAsync(TopLevel(health: "", healthEndpoints: """
        app.MapGet("/livez", () => Results.Ok());
        app.MapGet("/readyz", () => Results.Ok());
        """));

    [Fact]
    public Task Leaves_probe_endpoints_of_a_controller_alone() => Verify.VerifyAsync(TopLevel(health: "", healthEndpoints: "app.MapControllers();", types: """
        [Microsoft.AspNetCore.Mvc.ApiController]
        [Microsoft.AspNetCore.Mvc.Route("health")]
        public sealed class HealthController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            [Microsoft.AspNetCore.Mvc.HttpGet("live")]
            public IActionResultLike Live() => new();

            [Microsoft.AspNetCore.Mvc.HttpGet("ready")]
            public IActionResultLike Ready() => new();
        }

        public sealed class IActionResultLike { }
        """));

    [Fact]
    public Task Leaves_a_worker_service_alone() => Verify.VerifyAsync("""
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHostedService<Worker>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(5));
        builder.Build().Run();

        sealed class Worker : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
        }
        """);

    [Fact]
    public Task Leaves_a_generic_host_without_a_web_host_alone() => Verify.VerifyAsync("""
        Host.CreateDefaultBuilder(args)
            .ConfigureServices(services => services.AddHostedService<Worker>())
            .Build()
            .Run();

        sealed class Worker : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
        }
        """);

    [Fact]
    public Task Leaves_a_class_library_that_builds_a_host_alone() => Verify.VerifyAsync("""
        public static class ServiceHost
        {
            public static WebApplication Create(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                return builder.Build();
            }
        }
        """);

    [Fact]
    public Task Leaves_a_test_project_alone()
    {
        var test = Verify.Test("""
            public class ApiTests
            {
                [Xunit.Fact]
                public async Task Starts()
                {
                    var builder = WebApplication.CreateBuilder();
                    await using var app = builder.Build();
                    app.MapGet("/", () => "ok");
                    await app.StartAsync();
                }
            }

            public static class Program
            {
                public static void Main() { }
            }
            """);
        test.References = ReferenceSet.Default | ReferenceSet.Xunit;
        test.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_an_in_memory_test_host_alone() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.TestHost;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartAsync();

        namespace Microsoft.AspNetCore.TestHost
        {
            public static class WebHostBuilderExtensions
            {
                public static Microsoft.AspNetCore.Hosting.IWebHostBuilder UseTestServer(this Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) => builder;
            }
        }
        """);

    [Fact]
    public Task Leaves_a_console_app_without_AspNetCore_alone()
    {
        var test = Verify.Test("""
            System.Console.WriteLine("hello");
            """);
        test.References = ReferenceSet.Net;
        test.ImplicitUsings = false;
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_a_host_composed_by_a_declared_platform_method_alone()
    {
        var test = Verify.Test("""
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.Run();

            static class ServiceDefaults
            {
                // Stands in for a shared platform package that this compilation only references.
                public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder) => builder;
                public static WebApplication MapDefaultEndpoints(this WebApplication app) => app;
            }
            """);
        test.EditorConfigOptions["nodowntime.hosting.platform_methods"] = "AddServiceDefaults, MapDefaultEndpoints";
        return test.RunAsync();
    }
}
