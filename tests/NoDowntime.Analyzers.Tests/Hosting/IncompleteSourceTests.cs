using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Hosting;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;

namespace NoDowntime.Analyzers.Tests.Hosting;

/// <summary>Program.cs is edited all day: the analyzer must never throw on half-written code.</summary>
public class IncompleteSourceTests
{
    private static readonly string Realistic = TopLevel(
        extraServices: """
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(45));
            builder.WebHost.UseSetting("shutdownTimeoutSeconds", "20");
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = 500);
            builder.Services.AddOutputCache();
            """,
        extraPipeline: """
            app.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(TimeSpan.FromSeconds(40)));
            app.UseHealthChecks(new PathString("/startup"));
            app.MapGet("/healthz", [RequestTimeout(milliseconds: 500)] () => "ok").WithRequestTimeout(TimeSpan.FromSeconds(1)).RequireRateLimiting("p");
            """,
        types: """
            static class LegacyProgram
            {
                public static IHostBuilder CreateHostBuilder(string[] args) =>
                    Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseShutdownTimeout(new TimeSpan(0, 2, 0)).UseStartup<Startup>());
            }

            sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services) =>
                    services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy()).AddTypeActivatedCheck<DatabaseCheck>("db");

                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseHealthChecks("/health", 8081);
                    app.UseEndpoints(endpoints => endpoints.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = null }));
                }
            }

            [Microsoft.AspNetCore.Mvc.Route("health")]
            [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting("p")]
            sealed class ProbeController : Microsoft.AspNetCore.Mvc.ControllerBase
            {
                [Microsoft.AspNetCore.Mvc.HttpGet("live"), RequestTimeout(100)]
                public string Live() => "ok";
            }

            sealed class Drain : IHostedLifecycleService
            {
                public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StoppingAsync(CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

    [Fact]
    public async Task Realistic_program_compiles_so_every_prefix_is_meaningful()
    {
        var test = new AnalyzerTest(new HostCompositionAnalyzer()) { References = ReferenceSet.AspNetCore };
        Compilation compilation = (await test.CreateSolution(new[] { Realistic }).Projects.Single().GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task Analyzes_every_token_prefix_of_a_program_without_throwing()
    {
        var test = new AnalyzerTest(new HostCompositionAnalyzer()) { References = ReferenceSet.AspNetCore };
        int prefixes = await test.VerifyEveryPrefixAsync(Realistic);
        Assert.True(prefixes > 300, "the program should be realistic in size");
    }
}
