using System.Diagnostics;
using System.Globalization;
using System.Net;
using NoDowntime.SampleService.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NoDowntime.SampleService.Tests.Processes;

[Collection(ProcessCollection.Name)]
public sealed class ZeroDowntimeTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("nd-zero-downtime-").FullName;

    /// <summary>Settings for instances under load: generous client budgets (one load generator is one client).</summary>
    private static Dictionary<string, string> LoadSettings() => new()
    {
        ["Shutdown__DrainDelay"] = DrainDelay.ToString("c", CultureInfo.InvariantCulture),
        ["Shutdown__Timeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Limits__ClientBurst"] = "1000000",
        ["Limits__ClientTokensPerPeriod"] = "1000000",
        ["Logging__LogLevel__NoDowntime.SampleService.Observability.RequestLoggingMiddleware"] = "Warning",
    };

    [Fact]
    public async Task Shutdown_under_load_fails_readiness_first_and_loses_no_accepted_request()
    {
        string data = Path.Combine(_directory, "single");
        Directory.CreateDirectory(data);
        Dictionary<string, string> settings = LoadSettings();
        // Background work runs too (a pass every second) and must stop within the same budget.
        settings["Jobs__Enabled"] = "true";
        settings["Jobs__Interval"] = "00:00:01";
        settings["Jobs__ExpirePendingAfter"] = "00:00:01";
        await using ServiceProcess service = ServiceProcess.Start(data, settings);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        Stopwatch clock = Stopwatch.StartNew();
        using CancellationTokenSource stop = new();
        LoadGenerator load = new(service.BaseAddress, clients: 120, maxRequests: 60_000, maxDuration: TimeSpan.FromSeconds(40));
        Task loadTask = load.RunAsync(clock, stop.Token);
        Task<TimeSpan?> readinessFailed = WatchReadinessAsync(service.BaseAddress, clock, TimeSpan.FromSeconds(45));

        await Task.Delay(TimeSpan.FromSeconds(3));
        TimeSpan sigterm = clock.Elapsed;
        service.SendSigterm();
        bool exited = await service.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(20));
        TimeSpan exitedAt = clock.Elapsed;
        await Task.Delay(500);
        await stop.CancelAsync();
        await loadTask;
        TimeSpan? notReady = await readinessFailed;

        Assert.True(exited, "the service did not exit: " + service.Tail());
        RequestOutcome[] outcomes = load.Outcomes.ToArray();
        Assert.NotNull(notReady);
        TimeSpan readinessCutoff = notReady!.Value;
        RequestOutcome[] acceptedBefore = outcomes.Where(o => o.Started < readinessCutoff).ToArray();
        RequestOutcome[] failedBefore = acceptedBefore.Where(o => o.Failed).ToArray();
        int inFlightAtSigterm = outcomes.Count(o => o.Started < sigterm && o.Ended > sigterm);
        int servedWhileDraining = outcomes.Count(o => o.Started > readinessCutoff && !o.Failed);
        double shutdownSeconds = (exitedAt - sigterm).TotalSeconds;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            FIGURES shutdown under load (120 clients, drain {DrainDelay.TotalSeconds:0} s, timeout {ShutdownTimeout.TotalSeconds:0} s):
              requests sent {outcomes.Length}, accepted before readiness failed {acceptedBefore.Length}, failed among those {failedBefore.Length}
              in flight at SIGTERM {inFlightAtSigterm}, served after readiness failed (drain) {servedWhileDraining}, refused after the listener closed {outcomes.Count(o => o.Started > readinessCutoff && o.Failed)}
              readiness failed {(readinessCutoff - sigterm).TotalMilliseconds:0} ms after SIGTERM (first failing probe seen)
              shutdown {shutdownSeconds:0.000} s (SIGTERM to exit), logged by the service {service.LoggedShutdownSeconds():0.000} s, exit code {service.ExitCode}
            """));
        foreach (RequestOutcome failure in failedBefore.Take(10))
        {
            output.WriteLine($"  failed: {failure}");
        }

        Assert.Equal(0, service.ExitCode);
        Assert.True(acceptedBefore.Length > 200, $"too little load to judge: {acceptedBefore.Length} requests");
        Assert.Empty(failedBefore);
        Assert.True(readinessCutoff - sigterm < DrainDelay, "readiness must fail within the drain delay of SIGTERM");
        Assert.True(servedWhileDraining > 0, "the instance keeps serving while it drains");
        Assert.True(shutdownSeconds < ShutdownTimeout.TotalSeconds, $"shutdown took {shutdownSeconds:0.00} s");
        Assert.NotNull(service.LoggedShutdownSeconds());
        Assert.Contains(service.Output, line => line.Contains("Order expiry job stopped", StringComparison.Ordinal));
    }

    [NginxFact]
    public async Task Rolling_restart_behind_nginx_serves_every_request()
    {
        string dataA = Path.Combine(_directory, "a");
        string dataB = Path.Combine(_directory, "b");
        Directory.CreateDirectory(dataA);
        Directory.CreateDirectory(dataB);
        int portA = ServiceProcess.FreePort();
        int portB = ServiceProcess.FreePort();
        Dictionary<string, string> settings = LoadSettings();

        ServiceProcess a = ServiceProcess.Start(dataA, settings, portA);
        ServiceProcess b = ServiceProcess.Start(dataB, settings, portB);
        List<string> figures = [];
        try
        {
            await a.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            await b.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            string prefix = Path.Combine(_directory, "nginx");
            Directory.CreateDirectory(prefix);
            await using NginxProxy nginx = await NginxProxy.StartAsync(prefix, [(portA, false), (portB, false)]);

            Stopwatch clock = Stopwatch.StartNew();
            using CancellationTokenSource stop = new();
            LoadGenerator load = new(nginx.BaseAddress, clients: 32, maxRequests: 60_000, maxDuration: TimeSpan.FromSeconds(90));
            Task loadTask = load.RunAsync(clock, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            // Restart A, then B, the way a Deployment rolls: take the pod's endpoint out, SIGTERM, start the new one,
            // wait for readiness, put it back.
            a = await RestartAsync(nginx, a, dataA, settings, portA, [(portA, true), (portB, false)], figures);
            nginx.Reconfigure([(portA, false), (portB, false)]);
            await Task.Delay(TimeSpan.FromSeconds(1));
            b = await RestartAsync(nginx, b, dataB, settings, portB, [(portA, false), (portB, true)], figures);
            nginx.Reconfigure([(portA, false), (portB, false)]);
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            await stop.CancelAsync();
            await loadTask;
            RequestOutcome[] outcomes = load.Outcomes.ToArray();
            RequestOutcome[] serverErrors = outcomes.Where(o => o.Status >= 500).ToArray();
            RequestOutcome[] connectionErrors = outcomes.Where(o => o.Error is not null).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                FIGURES rolling restart behind nginx (32 clients, 2 instances, drain {DrainDelay.TotalSeconds:0} s):
                  requests sent {outcomes.Length}, 2xx/4xx {outcomes.Count(o => !o.Failed)}, 5xx {serverErrors.Length}, connection errors {connectionErrors.Length}
                  {string.Join("\n  ", figures)}
                """));
            foreach (RequestOutcome failure in serverErrors.Concat(connectionErrors).Take(10))
            {
                output.WriteLine($"  failed: {failure}");
            }

            if (serverErrors.Length + connectionErrors.Length > 0)
            {
                output.WriteLine("nginx error log:\n" + nginx.ErrorLog());
            }

            Assert.True(outcomes.Length > 200, $"too little load to judge: {outcomes.Length} requests");
            Assert.Empty(serverErrors);
            Assert.Empty(connectionErrors);
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<ServiceProcess> RestartAsync(
        NginxProxy nginx,
        ServiceProcess old,
        string data,
        Dictionary<string, string> settings,
        int port,
        IReadOnlyList<(int Port, bool Down)> withoutIt,
        List<string> figures)
    {
        nginx.Reconfigure(withoutIt);
        Stopwatch shutdown = Stopwatch.StartNew();
        old.SendSigterm();
        Assert.True(await old.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(20)), "instance did not exit: " + old.Tail());
        shutdown.Stop();
        Assert.Equal(0, old.ExitCode);
        await old.DisposeAsync();

        ServiceProcess fresh = ServiceProcess.Start(data, settings, port);
        TimeSpan ready = await fresh.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        figures.Add(string.Create(CultureInfo.InvariantCulture,
            $"instance :{port}: shutdown {shutdown.Elapsed.TotalSeconds:0.000} s (exit 0), restarted and ready in {ready.TotalMilliseconds:0} ms"));
        return fresh;
    }

    /// <summary>Polls readiness like a kubelet (every 25 ms here) and returns when it first failed.</summary>
    private static async Task<TimeSpan?> WatchReadinessAsync(Uri baseAddress, Stopwatch clock, TimeSpan limit)
    {
        using HttpClient probe = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < limit)
        {
            try
            {
                using HttpResponseMessage response = await probe.GetAsync("health/ready");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return clock.Elapsed;
            }

            await Task.Delay(25);
        }

        return null;
    }
}
