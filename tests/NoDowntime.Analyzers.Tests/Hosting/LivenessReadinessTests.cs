using System.Threading.Tasks;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class LivenessReadinessTests
{
    [Fact]
    public Task Flags_a_single_health_endpoint() => Verify.VerifyAsync(
        TopLevel(build: "{|#0:builder.Build()|}", healthEndpoints: """app.MapHealthChecks("/health");"""),
        Verify.Diagnostic(Rules.LivenessNotSeparated).WithLocation(0).WithArguments("Only one health endpoint ('/health') is mapped, so it must answer both liveness and readiness"));

    [Fact]
    public Task Flags_a_single_hand_written_probe() => Verify.VerifyAsync(
        TopLevel(health: "", build: "{|ND5002:builder.Build()|}", healthEndpoints: """app.MapGet("/healthz", () => "ok");"""));

    [Fact]
    public Task Flags_a_liveness_endpoint_that_runs_every_check() => Verify.VerifyAsync(
        TopLevel(build: "{|#0:builder.Build()|}", healthEndpoints: """
            app.MapHealthChecks("/health/live");
            app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
            """),
        Verify.Diagnostic(Rules.LivenessNotSeparated).WithLocation(0).WithArguments("The liveness endpoint '/health/live' runs every registered health check, including those that reach dependencies"));

    [Fact]
    public Task Flags_a_liveness_endpoint_whose_predicate_accepts_every_check() => Verify.VerifyAsync(
        TopLevel(build: "{|ND5002:builder.Build()|}", healthEndpoints: """
            app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => true });
            app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
            """));

    [Fact]
    public Task Flags_endpoints_that_run_the_same_checks() => Verify.VerifyAsync(
        TopLevel(build: "{|#0:builder.Build()|}", healthEndpoints: """
            app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
            app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains( "ready" ) });
            """),
        Verify.Diagnostic(Rules.LivenessNotSeparated).WithLocation(0).WithArguments("The health endpoints '/healthz', '/ready' run the same checks, so liveness fails whenever a dependency does"));

    [Fact]
    public Task Flags_a_type_activated_check_run_by_liveness() => Verify.VerifyAsync(
        TopLevel(health: """builder.Services.AddHealthChecks().AddTypeActivatedCheck<DatabaseCheck>("database");""", build: "{|ND5002:builder.Build()|}", healthEndpoints: """
            app.MapHealthChecks("/alive");
            app.MapHealthChecks("/ready");
            """));

    [Fact]
    public Task Leaves_separate_endpoints_with_tag_predicates_alone() => Verify.VerifyAsync(TopLevel());

    [Fact]
    public Task Leaves_endpoints_alone_when_only_a_self_check_is_registered() => Verify.VerifyAsync(TopLevel(
        health: """builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());""",
        healthEndpoints: """
            app.MapHealthChecks("/health/live");
            app.MapHealthChecks("/health/ready");
            """));

    [Fact]
    public Task Leaves_a_liveness_endpoint_that_runs_no_checks_alone() => Verify.VerifyAsync(TopLevel(healthEndpoints: """
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        """));

    [Fact]
    public Task Leaves_endpoints_mapped_in_a_loop_alone() => Verify.VerifyAsync(TopLevel(healthEndpoints: """
        foreach (var probe in new[] { "live", "ready" })
        {
            app.MapHealthChecks("/health/" + probe, new HealthCheckOptions { Predicate = check => check.Tags.Contains(probe) });
        }
        """));

    [Fact]
    public Task Leaves_options_built_elsewhere_alone() => Verify.VerifyAsync(TopLevel(
        healthEndpoints: """
            app.MapHealthChecks("/health/live", Probes.Live);
            app.MapHealthChecks("/health/ready", Probes.Ready);
            """,
        types: """
            static class Probes
            {
                public static readonly HealthCheckOptions Live = new() { Predicate = c => c.Tags.Contains("live") };
                public static readonly HealthCheckOptions Ready = new() { Predicate = c => c.Tags.Contains("ready") };
            }
            """));

    [Fact]
    public Task Leaves_a_hand_written_liveness_probe_next_to_a_readiness_check_alone() => Verify.VerifyAsync(TopLevel(healthEndpoints: """
        app.MapGet("/health/live", () => Results.Ok());
        app.MapHealthChecks("/health/ready");
        """));
}
