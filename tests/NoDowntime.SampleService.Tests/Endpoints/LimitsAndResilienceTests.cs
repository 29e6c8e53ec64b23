using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoDowntime.SampleService.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Resilience;
using NoDowntime.SampleService.Tests.Infrastructure;
using Polly.CircuitBreaker;
using Xunit;

namespace NoDowntime.SampleService.Tests.Endpoints;

public sealed class LimitsAndResilienceTests
{
    [Fact]
    public async Task Per_client_token_bucket_answers_429_with_retry_after()
    {
        await using SampleServiceFactory factory = new(new Dictionary<string, string?>
        {
            ["Limits:ClientBurst"] = "3",
            ["Limits:ClientTokensPerPeriod"] = "1",
            ["Limits:ClientReplenishmentPeriod"] = "00:00:30",
        });
        using HttpClient client = await factory.CreateReadyClientAsync();

        List<HttpStatusCode> statuses = [];
        HttpResponseMessage? rejected = null;
        for (int i = 0; i < 6; i++)
        {
            HttpResponseMessage response = await client.GetAsync("/api/products");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected ??= response;
            }
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.NotNull(rejected);
        int retryAfter = int.Parse(rejected!.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 30);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType!.MediaType);

        // Probes are never rate limited: an orchestrator must always get an answer.
        using HttpResponseMessage probe = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task Concurrency_limit_answers_503_with_retry_after_when_the_queue_is_full()
    {
        await using SampleServiceFactory factory = new(new Dictionary<string, string?>
        {
            ["Limits:ConcurrentRequests"] = "1",
            ["Limits:ConcurrencyQueue"] = "0",
        });
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        factory.Inventory.Respond = async (request, token) =>
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(token);
            return FakeInventoryHandler.Json(HttpStatusCode.OK, """{"sku":"SKU-001","available":1}""");
        };
        using HttpClient client = await factory.CreateReadyClientAsync();

        Task<HttpResponseMessage> holding = client.GetAsync("/api/products/SKU-001/stock");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using HttpResponseMessage busy = await client.GetAsync("/api/products");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("1", busy.Headers.GetValues("Retry-After").Single());

        release.SetResult();
        using HttpResponseMessage held = await holding;
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }

    [Fact]
    public async Task Stock_read_goes_through_the_inventory_client()
    {
        await using SampleServiceFactory factory = new();
        using HttpClient client = await factory.CreateReadyClientAsync();

        using HttpResponseMessage response = await client.GetAsync("/api/products/SKU-004/stock");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(7, body.RootElement.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Correlation_id_is_forwarded_to_the_inventory_service()
    {
        await using SampleServiceFactory factory = new();
        string? forwarded = null;
        factory.Inventory.Respond = (request, _) =>
        {
            forwarded = request.Headers.TryGetValues("X-Correlation-ID", out IEnumerable<string>? values) ? values.Single() : null;
            return Task.FromResult(FakeInventoryHandler.Json(HttpStatusCode.OK, """{"sku":"SKU-001","available":1}"""));
        };
        using HttpClient client = await factory.CreateReadyClientAsync();

        using HttpRequestMessage request = new(HttpMethod.Get, "/api/products/SKU-001/stock");
        request.Headers.Add("X-Correlation-ID", "checkout-7");
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("checkout-7", forwarded);
    }

    [Fact]
    public async Task Transient_inventory_failures_are_retried()
    {
        await using SampleServiceFactory factory = new();
        int attempt = 0;
        factory.Inventory.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref attempt) < 3
            ? FakeInventoryHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")
            : FakeInventoryHandler.Json(HttpStatusCode.OK, """{"sku":"SKU-001","available":2}"""));
        using HttpClient client = await factory.CreateReadyClientAsync();

        using HttpResponseMessage response = await client.GetAsync("/api/products/SKU-001/stock");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, factory.Inventory.Calls);
    }

    [Fact]
    public async Task Slow_inventory_attempts_time_out_and_the_caller_gets_503_with_retry_after()
    {
        await using SampleServiceFactory factory = new(new Dictionary<string, string?>
        {
            ["Inventory:AttemptTimeout"] = "00:00:00.100",
            ["Inventory:TotalTimeout"] = "00:00:01",
            ["Inventory:MaxRetries"] = "1",
        });
        factory.Inventory.Respond = async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return FakeInventoryHandler.Json(HttpStatusCode.OK, "{}");
        };
        using HttpClient client = await factory.CreateReadyClientAsync();

        System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        using HttpResponseMessage response = await client.GetAsync("/api/products/SKU-001/stock");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(2, factory.Inventory.Calls);
    }

    [Fact]
    public async Task Open_circuit_fails_fast_and_readiness_reports_degraded_not_dead()
    {
        await using SampleServiceFactory factory = new(new Dictionary<string, string?>
        {
            ["Inventory:MaxRetries"] = "0",
            ["Inventory:BreakDuration"] = "00:00:30",
        });
        factory.Inventory.Respond = (_, _) => Task.FromResult(FakeInventoryHandler.Json(HttpStatusCode.InternalServerError, "{}"));
        using HttpClient client = await factory.CreateReadyClientAsync();

        for (int i = 0; i < 10 && factory.Services.GetRequiredService<InventoryCircuit>().State == CircuitState.Closed; i++)
        {
            using HttpResponseMessage failing = await client.GetAsync("/api/products/SKU-001/stock");
            Assert.True(failing.StatusCode == HttpStatusCode.ServiceUnavailable, await failing.Content.ReadAsStringAsync());
        }

        Assert.Equal(CircuitState.Open, factory.Services.GetRequiredService<InventoryCircuit>().State);
        int callsWhenOpened = factory.Inventory.Calls;

        using HttpResponseMessage fast = await client.GetAsync("/api/products/SKU-001/stock");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fast.StatusCode);
        Assert.Contains("circuit open", await fast.Content.ReadAsStringAsync());
        Assert.InRange(int.Parse(fast.Headers.GetValues("Retry-After").Single()), 1, 30);
        Assert.Equal(callsWhenOpened, factory.Inventory.Calls);

        using HttpResponseMessage ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.RootElement.GetProperty("checks").GetProperty("inventory-circuit").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Request_timeouts_cover_every_endpoint_and_the_outbound_one_outlasts_its_pipeline()
    {
        await using SampleServiceFactory factory = new(new Dictionary<string, string?>
        {
            ["Limits:RequestTimeout"] = "00:00:07",
            ["Inventory:TotalTimeout"] = "00:00:00.500",
            ["Inventory:AttemptTimeout"] = "00:00:00.200",
        });
        using HttpClient client = await factory.CreateReadyClientAsync();
        RequestTimeoutProbe options = new(factory.Services);
        Assert.Equal(TimeSpan.FromSeconds(7), options.DefaultTimeout);
        // The pipeline gives up first (503 with Retry-After), so the request timeout (504) is only a backstop.
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.StockTimeout);
    }

    [Fact]
    public void Invalid_configuration_is_reported_all_at_once_before_start()
    {
        // Program.cs runs this check right after Build() and exits with code 2 (the process test covers the exit).
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shutdown:Timeout"] = "00:01:00",
            ["Shutdown:DrainDelay"] = "00:02:00",
            ["Limits:ClientBurst"] = "0",
            ["Jobs:Interval"] = "not a time",
        }).Build();
        ServiceCollection services = new();
        services.AddSingleton(configuration);
        services.AddServiceOptions(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        IReadOnlyList<string> errors = StartupValidation.Validate(provider);

        Assert.Contains(errors, e => e.Contains("Shutdown:Timeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Shutdown:DrainDelay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Limits:ClientBurst", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("JobOptions", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task Host_shutdown_timeout_follows_configuration()
    {
        await using SampleServiceFactory factory = new(new Dictionary<string, string?> { ["Shutdown:Timeout"] = "00:00:12" });
        using HttpClient client = await factory.CreateReadyClientAsync();
        Assert.Equal(TimeSpan.FromSeconds(12), factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    private sealed class RequestTimeoutProbe(IServiceProvider services)
    {
        private Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutOptions Options =>
            services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutOptions>>().Value;

        public TimeSpan? StockTimeout => Options.Policies[NoDowntime.SampleService.Endpoints.ProductEndpoints.StockTimeoutPolicy].Timeout;

        public TimeSpan? DefaultTimeout => Options.DefaultPolicy?.Timeout;
    }
}
