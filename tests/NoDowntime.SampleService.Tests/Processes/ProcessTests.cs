using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using NoDowntime.SampleService.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NoDowntime.SampleService.Tests.Processes;

/// <summary>Process-level tests share the machine's cores: they run one at a time, after nothing else competes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Service processes";
}

[Collection(ProcessCollection.Name)]
public sealed class StartupTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nd-startup-").FullName;

    /// <summary>The budget for start-up to ready on the embedded store; ND_STARTUP_BUDGET_MS overrides it on slow machines.</summary>
    private static int BudgetMs => int.TryParse(Environment.GetEnvironmentVariable("ND_STARTUP_BUDGET_MS"), out int ms) ? ms : 1000;

    [Fact]
    public async Task Start_up_to_ready_is_under_a_second_on_the_embedded_store()
    {
        List<double> fresh = [];
        List<double> warm = [];
        for (int run = 0; run < 3; run++)
        {
            string data = Path.Combine(_directory, "run" + run);
            Directory.CreateDirectory(data);
            fresh.Add(await MeasureAsync(data, "fresh store (schema created)"));
            warm.Add(await MeasureAsync(data, "existing store"));
        }

        double best = warm.Min();
        double load = LoadPerCore();
        // The budget holds on an idle machine; on a busy one the figure measures the machine as much as the service,
        // so the budget grows with the run queue per core (capped at 5x) and the figure is reported either way.
        int budget = (int)(BudgetMs * Math.Clamp(load, 1.0, 5.0));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FIGURES start-up to ready: existing store best {best:0} ms, median {Median(warm):0} ms; fresh store best {fresh.Min():0} ms, median {Median(fresh):0} ms; budget {budget} ms (load per core {load:0.0})"));
        Assert.True(best < budget, $"start-up to ready took {best:0} ms at best, budget {budget} ms");
    }

    [Fact]
    public async Task Invalid_environment_stops_the_process_at_once_with_the_reason()
    {
        await using ServiceProcess service = ServiceProcess.Start(_directory, new Dictionary<string, string>
        {
            ["Shutdown__Timeout"] = "00:02:00",
            ["Limits__ConcurrentRequests"] = "0",
        });
        Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the process should stop by itself");
        Assert.Equal(2, service.ExitCode);
        string log = string.Join('\n', service.Output);
        Assert.Contains("Shutdown:Timeout", log);
        Assert.Contains("Limits:ConcurrentRequests", log);
        output.WriteLine($"exit code {service.ExitCode} after {service.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Migrate_command_prepares_the_store_and_exits_so_the_service_starts_without_migrating()
    {
        string data = Path.Combine(_directory, "migrate");
        Directory.CreateDirectory(data);
        await using (ServiceProcess migrate = ServiceProcess.Start(data, settings: null, port: null, "migrate"))
        {
            Assert.True(await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60)), "migrate did not finish");
            Assert.True(migrate.ExitCode == 0, migrate.Tail());
            Assert.Contains(migrate.Output, line => line.Contains("Applying 1 migration(s)", StringComparison.Ordinal));
        }

        await using ServiceProcess service = ServiceProcess.Start(data, new Dictionary<string, string>
        {
            ["Database__MigrateEmbeddedStoreOnStart"] = "false",
            ["Shutdown__DrainDelay"] = "00:00:00",
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using HttpClient client = new() { BaseAddress = service.BaseAddress };
        using HttpResponseMessage products = await client.GetAsync("api/products?limit=5");
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        service.SendSigterm();
        Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, service.ExitCode);
    }

    [Fact]
    public async Task Logs_are_json_lines_with_trace_id_correlation_id_and_request_duration()
    {
        string data = Path.Combine(_directory, "logs");
        Directory.CreateDirectory(data);
        await using ServiceProcess service = ServiceProcess.Start(data, new Dictionary<string, string> { ["Shutdown__DrainDelay"] = "00:00:00" });
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using HttpClient client = new() { BaseAddress = service.BaseAddress };
        using HttpRequestMessage request = new(HttpMethod.Get, "api/products/SKU-002");
        request.Headers.Add("X-Correlation-ID", "log-check-1");
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        service.SendSigterm();
        Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        string[] lines = service.Output.Where(l => l.StartsWith('{')).ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => System.Text.Json.JsonDocument.Parse(line).Dispose());
        string requestLine = Assert.Single(lines, l => l.Contains("\"Path\":\"/api/products/SKU-002\"", StringComparison.Ordinal));
        using System.Text.Json.JsonDocument log = System.Text.Json.JsonDocument.Parse(requestLine);
        Assert.True(log.RootElement.GetProperty("State").GetProperty("ElapsedMs").GetDouble() > 0);
        string scopes = log.RootElement.GetProperty("Scopes").GetRawText();
        Assert.Contains("\"CorrelationId\":\"log-check-1\"", scopes);
        Assert.Matches("\"TraceId\":\"[0-9a-f]{32}\"", scopes);
        output.WriteLine(requestLine);
    }

    [PromtoolFact]
    public async Task Metrics_exposition_passes_promtool_check()
    {
        await using ServiceProcess service = ServiceProcess.Start(_directory);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        using HttpClient client = new() { BaseAddress = service.BaseAddress };
        for (int i = 0; i < 5; i++)
        {
            (await client.GetAsync("api/products/SKU-001")).Dispose();
        }

        string text = await Endpoints.MetricsText.ScrapeAsync(client, "http_server_request_duration_seconds_bucket");
        Assert.Contains("nodowntime_startup_duration_seconds", text);

        ProcessStartInfo start = new(TestEnvironment.FindProgram("promtool")!, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        string stdout = await promtool.StandardOutput.ReadToEndAsync();
        string stderr = await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        output.WriteLine($"promtool check metrics: exit {promtool.ExitCode} {stdout}{stderr}");
        // Exit 1: the exposition does not parse. Exit 3: lint findings, which are allowed only for metric names the
        // service does not choose (the .NET runtime's *_count gauges); its own nodowntime_* series must lint clean.
        Assert.True(promtool.ExitCode is 0 or 3, $"promtool exit {promtool.ExitCode}: {stdout}{stderr}");
        Assert.DoesNotContain("nodowntime_", stdout + stderr);
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

    private async Task<double> MeasureAsync(string data, string label)
    {
        await using ServiceProcess service = ServiceProcess.Start(data, new Dictionary<string, string> { ["Shutdown__DrainDelay"] = "00:00:00" });
        TimeSpan ready = await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        double? logged = service.Output.Select(l => Regex.Match(l, "\"StartupMs\":([0-9.]+)")).Where(m => m.Success)
            .Select(m => (double?)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).FirstOrDefault();
        output.WriteLine($"{label}: ready after {ready.TotalMilliseconds:0} ms seen by the probe, {logged:0} ms logged by the service");
        service.SendSigterm();
        Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return ready.TotalMilliseconds;
    }

    /// <summary>The 1-minute load average divided by the core count (0 where /proc/loadavg is absent).</summary>
    private static double LoadPerCore()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture) / Environment.ProcessorCount;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
