using System.Threading.Tasks;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Hosting.DrainOnShutdownFix>;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class ReadinessOnShutdownTests
{
    [Fact]
    public Task Flags_a_readiness_endpoint_when_nothing_reacts_to_shutdown() => Verify.VerifyAsync(
        TopLevel(health: """builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });""", shutdownCheck: "", build: "{|#0:builder.Build()|}"),
        Verify.Diagnostic(Rules.ReadinessIgnoresShutdown).WithLocation(0).WithArguments("/health/ready"));

    [Fact]
    public Task Leaves_an_app_that_drains_on_ApplicationStopping_alone() => Verify.VerifyAsync(TopLevel(
        health: """builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });""",
        shutdownCheck: "",
        extraPipeline: """
            var stopping = false;
            app.Lifetime.ApplicationStopping.Register(() => { stopping = true; Thread.Sleep(TimeSpan.FromSeconds(5)); });
            app.MapGet("/stopping", () => stopping);
            """));

    [Fact]
    public Task Leaves_a_hosted_lifecycle_service_alone() => Verify.VerifyAsync(TopLevel(
        health: """builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });""",
        shutdownCheck: "",
        types: """
            sealed class DrainOnStop : IHostedLifecycleService
            {
                public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StoppingAsync(CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """));

    [Fact]
    public Task Leaves_a_deployment_with_a_preStop_hook_alone()
    {
        var test = Verify.Test(TopLevel(health: """builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });""", shutdownCheck: ""));
        test.EditorConfigOptions["nodowntime.shutdown.prestop_hook"] = "true";
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_endpoints_without_a_readiness_path_alone() => Verify.VerifyAsync(TopLevel(
        health: """builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "db" });""",
        shutdownCheck: "",
        healthEndpoints: """
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/health/dependencies", new HealthCheckOptions { Predicate = c => c.Tags.Contains("db") });
            """));

    [Fact]
    public Task Fix_keeps_serving_for_five_seconds_after_shutdown_begins()
    {
        const string health = """builder.Services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: new[] { "ready" });""";
        string fixedSource = TopLevel(health: health, shutdownCheck: "").Replace(
            "var app = builder.Build();\n",
            """
            var app = builder.Build();
            // Load balancers keep routing here for a few seconds after SIGTERM: serve them before the server stops.
            app.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(TimeSpan.FromSeconds(5)));

            """);
        Assert.NotEqual(TopLevel(health: health, shutdownCheck: ""), fixedSource);
        return Fix.VerifyAsync(TopLevel(health: health, shutdownCheck: "", build: "{|ND5007:builder.Build()|}"), fixedSource);
    }
}
