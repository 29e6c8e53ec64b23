using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NoDowntime.SampleService.Health;
using NoDowntime.SampleService.Resilience;

namespace NoDowntime.SampleService.Tests.Infrastructure;

/// <summary>
/// Hosts the service in memory on its own SQLite file (or the given connection string), with settings overridden
/// per test and the inventory service replaced by <see cref="FakeInventoryHandler"/>.
/// </summary>
public sealed class SampleServiceFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _directory;

    public SampleServiceFactory(IDictionary<string, string?>? settings = null, string? connectionString = null)
    {
        _directory = Path.Combine(Path.GetTempPath(), "nd-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Orders"] = connectionString ?? $"Data Source={Path.Combine(_directory, "orders.db")}",
            ["Jobs:Enabled"] = "false",
            ["Shutdown:DrainDelay"] = "00:00:00",
            ["Inventory:RetryBaseDelay"] = "00:00:00.010",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics"] = "Error",
        };
        if (settings is not null)
        {
            foreach ((string key, string? value) in settings)
            {
                _settings[key] = value;
            }
        }
    }

    public FakeInventoryHandler Inventory { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach ((string key, string? value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
            services.AddHttpClient<InventoryClient>().ConfigurePrimaryHttpMessageHandler(() => Inventory));
    }

    /// <summary>A client once the startup work is done (readiness would pass).</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        HttpClient client = CreateClient();
        ServiceState state = Services.GetRequiredService<ServiceState>();
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!state.IsStarted)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The service did not finish its start-up work within 20 s.");
            }

            await Task.Delay(20);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A stand-in inventory service: answers from a function, counts calls, can hold requests open.</summary>
public sealed class FakeInventoryHandler : HttpMessageHandler
{
    private int _calls;

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (request, _) => Task.FromResult(Json(HttpStatusCode.OK, $$"""{"sku":"{{request.RequestUri!.Segments[^1]}}","available":7}"""));

    public int Calls => Volatile.Read(ref _calls);

    public static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status)
    {
        Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Respond(request, cancellationToken);
    }
}
