using System.Threading.Tasks;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class ConcurrencyLimiterTests
{
    [Fact]
    public Task Flags_a_host_without_a_limiter() => Verify.VerifyAsync(
        TopLevel(limiter: "", limiterPipeline: "", build: "{|#0:builder.Build()|}"),
        Verify.Diagnostic(Rules.NoConcurrencyLimiter).WithLocation(0));

    [Fact]
    public Task Leaves_a_Kestrel_connection_limit_alone() => Verify.VerifyAsync(TopLevel(
        limiter: "builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = 500);",
        limiterPipeline: ""));

    [Fact]
    public Task Leaves_endpoint_rate_limiting_policies_with_the_middleware_alone() => Verify.VerifyAsync(TopLevel(
        limiter: """builder.Services.AddRateLimiter(options => options.AddConcurrencyLimiter("reports", o => o.PermitLimit = 4));""",
        extraPipeline: """app.MapGet("/reports", () => "ok").RequireRateLimiting("reports");"""));

    [Fact]
    public Task Leaves_a_limiter_added_in_a_Startup_class_alone()
    {
        var test = Verify.Test($$"""
            {{Usings}}

            public static class Program
            {
                public static void Main(string[] args) => CreateHostBuilder(args).Build().Run();

                private static IHostBuilder CreateHostBuilder(string[] args) =>
                    Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>());
            }

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });
                    services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(10) });
                    services.AddRateLimiter(o => o.AddConcurrencyLimiter("all", l => l.PermitLimit = 64));
                }

                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseRequestTimeouts();
                    app.UseRateLimiter();
                    app.UseEndpoints(endpoints =>
                    {
                        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
                    });
                }
            }

            {{DatabaseCheck}}
            """);
        test.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }
}
