using System.Text.RegularExpressions;
using NoDowntime.SampleService.Tests.Infrastructure;
using Xunit;

namespace NoDowntime.SampleService.Tests.Units;

/// <summary>The manifests' time budget and availability settings agree with the service's own configuration.</summary>
public sealed class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(ServiceBinary.SourceDirectory, "deploy");

    [Fact]
    public void Grace_period_covers_pre_stop_sleep_plus_the_shutdown_timeout()
    {
        string deployment = File.ReadAllText(Path.Combine(Deploy, "deployment.yaml"));
        int grace = Number(deployment, @"terminationGracePeriodSeconds:\s*(\d+)");
        int preStop = Number(deployment, @"preStop:\s*(?:#[^\n]*\n\s*)*sleep:\s*\n\s*seconds:\s*(\d+)");
        TimeSpan shutdown = TimeSpan.Parse(Text(deployment, @"name: Shutdown__Timeout\s*\n\s*value:\s*""([^""]+)"""), System.Globalization.CultureInfo.InvariantCulture);
        TimeSpan drain = TimeSpan.Parse(Text(deployment, @"name: Shutdown__DrainDelay\s*\n\s*value:\s*""([^""]+)"""), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(preStop + shutdown.TotalSeconds < grace, $"preStop {preStop} s + shutdown {shutdown.TotalSeconds} s must stay below the grace period {grace} s");
        Assert.True(drain < shutdown);
        Assert.True(shutdown <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Deployment_probes_the_three_endpoints_and_never_runs_fewer_than_two_replicas()
    {
        string deployment = File.ReadAllText(Path.Combine(Deploy, "deployment.yaml"));
        Assert.Matches(@"startupProbe:\s*(?:#[^\n]*\n\s*)*httpGet:\s*\n\s*path: /health/startup", deployment);
        Assert.Matches(@"readinessProbe:\s*\n\s*httpGet:\s*\n\s*path: /health/ready", deployment);
        Assert.Matches(@"livenessProbe:\s*(?:#[^\n]*\n\s*)*httpGet:\s*\n\s*path: /health/live", deployment);
        Assert.True(Number(deployment, @"replicas:\s*(\d+)") >= 2);
        Assert.Contains("maxUnavailable: 0", deployment);
        Assert.Contains("podAntiAffinity", deployment);
        Assert.Matches(@"requests:\s*\n\s*cpu:", deployment);
        Assert.Matches(@"limits:\s*\n\s*cpu:", deployment);

        string hpa = File.ReadAllText(Path.Combine(Deploy, "hpa.yaml"));
        Assert.True(Number(hpa, @"minReplicas:\s*(\d+)") >= 2);
        string pdb = File.ReadAllText(Path.Combine(Deploy, "pdb.yaml"));
        Assert.Contains("kind: PodDisruptionBudget", pdb);
        Assert.True(Number(pdb, @"minAvailable:\s*(\d+)") >= 1);
    }

    [Fact]
    public void Container_runs_as_non_root_with_the_process_as_pid_1()
    {
        string dockerfile = File.ReadAllText(Path.Combine(ServiceBinary.SourceDirectory, "Dockerfile"));
        Assert.True(Regex.Matches(dockerfile, @"^FROM ", RegexOptions.Multiline).Count >= 2, "multi-stage build");
        Assert.Matches(@"(?m)^USER (?!root|0\b)\S+", dockerfile);
        Assert.Matches(@"(?m)^ENTRYPOINT \[", dockerfile);
    }

    private static int Number(string text, string pattern) => int.Parse(Text(text, pattern), System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(string text, string pattern)
    {
        Match match = Regex.Match(text, pattern);
        Assert.True(match.Success, "not found: " + pattern);
        return match.Groups[1].Value;
    }
}
