using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NoDowntime.SampleService.Endpoints;
using NoDowntime.SampleService.Jobs;
using NoDowntime.SampleService.Locking;
using NoDowntime.SampleService.Tests.Endpoints;
using NoDowntime.SampleService.Tests.Infrastructure;
using NoDowntime.SampleService.Tests.Units;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace NoDowntime.SampleService.Tests.Postgres;

/// <summary>A throw-away database on the test server, dropped afterwards.</summary>
public sealed class PostgresDatabase : IAsyncLifetime, IAsyncDisposable
{
    public string Name { get; } = "nd_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        string? server = TestEnvironment.PostgresConnectionString;
        if (server is null)
        {
            return;
        }

        await using NpgsqlConnection admin = new(server);
        await admin.OpenAsync();
        await using NpgsqlCommand create = new($"CREATE DATABASE \"{Name}\"", admin);
        await create.ExecuteNonQueryAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name, Pooling = true }.ConnectionString;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        string? server = TestEnvironment.PostgresConnectionString;
        if (server is null || ConnectionString.Length == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using NpgsqlConnection admin = new(server);
        await admin.OpenAsync();
        await using NpgsqlCommand drop = new($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Runs the service's own <c>migrate</c> command against this database.</summary>
    public async Task<(int ExitCode, string Output)> MigrateAsync()
    {
        string directory = Directory.CreateTempSubdirectory("nd-migrate-").FullName;
        await using ServiceProcess migrate = ServiceProcess.Start(
            directory,
            new Dictionary<string, string> { ["ConnectionStrings__Orders"] = ConnectionString },
            port: null,
            "migrate");
        Assert.True(await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60)), "migrate did not finish within 60 s");
        return (migrate.ExitCode, migrate.Tail());
    }
}

public sealed class MigratedPostgresDatabase : IAsyncLifetime
{
    public PostgresDatabase Database { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        if (Database.ConnectionString.Length > 0)
        {
            (int exitCode, string output) = await Database.MigrateAsync();
            Assert.True(exitCode == 0, output);
        }
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

public sealed class PostgresTests(MigratedPostgresDatabase fixture, ITestOutputHelper output) : IClassFixture<MigratedPostgresDatabase>
{
    private string ConnectionString => fixture.Database.ConnectionString;

    [PostgresFact]
    public async Task Migrate_command_is_idempotent()
    {
        (int exitCode, string log) = await fixture.Database.MigrateAsync();
        Assert.True(exitCode == 0, log);
        Assert.Contains("Applying 0 migration(s)", log);
    }

    [PostgresFact]
    public async Task Orders_api_works_on_postgresql_with_keyset_paging_and_projections()
    {
        await using SampleServiceFactory factory = new(connectionString: ConnectionString);
        using HttpClient client = await factory.CreateReadyClientAsync();
        string customer = "pg-" + Guid.NewGuid().ToString("N")[..8];

        for (int i = 0; i < 7; i++)
        {
            using HttpResponseMessage created = await client.PostAsJsonAsync("/api/orders", new { customerId = customer, sku = "SKU-003", quantity = i + 1 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        List<long> ids = [];
        string? after = null;
        do
        {
            Page<OrderSummary> page = (await client.GetFromJsonAsync<Page<OrderSummary>>(
                $"/api/orders?customerId={customer}&limit=3" + (after is null ? "" : "&after=" + after), EndpointTests.Json))!;
            ids.AddRange(page.Items.Select(o => o.Id));
            after = page.NextAfter;
        }
        while (after is not null && ids.Count < 20);

        Assert.Equal(7, ids.Count);
        Assert.Equal(ids.Order(), ids);

        Page<ProductDto> products = (await client.GetFromJsonAsync<Page<ProductDto>>("/api/products?limit=2&after=SKU-002", EndpointTests.Json))!;
        Assert.Equal(["SKU-003", "SKU-004"], products.Items.Select(p => p.Sku));

        using HttpResponseMessage ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        output.WriteLine($"PostgreSQL: 7 orders written and read back in 3 keyset pages from {fixture.Database.Name}");
    }

    [PostgresFact]
    public async Task Advisory_lock_is_held_by_one_instance_at_a_time()
    {
        await using NpgsqlDataSource first = NpgsqlDataSource.Create(ConnectionString);
        await using NpgsqlDataSource second = NpgsqlDataSource.Create(ConnectionString);
        PostgresAdvisoryLockProvider instanceA = new(first);
        PostgresAdvisoryLockProvider instanceB = new(second);
        string name = "test-lock-" + Guid.NewGuid().ToString("N");

        IAsyncDisposable? held = await instanceA.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await instanceB.TryAcquireAsync(name, CancellationToken.None));

        await held!.DisposeAsync();
        await using IAsyncDisposable? taken = await instanceB.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(taken);
    }

    [PostgresFact]
    public async Task Advisory_lock_is_released_when_the_holder_connection_dies()
    {
        string name = "test-lock-" + Guid.NewGuid().ToString("N");
        await using NpgsqlDataSource other = NpgsqlDataSource.Create(ConnectionString);
        PostgresAdvisoryLockProvider survivor = new(other);

        // A "crashed" holder: lock taken on a raw connection that is then closed without unlocking.
        await using (NpgsqlConnection crashed = new(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString))
        {
            await crashed.OpenAsync();
            await using NpgsqlCommand take = new("SELECT pg_try_advisory_lock(@key)", crashed);
            take.Parameters.AddWithValue("key", LockKeys.For(name));
            Assert.Equal(true, await take.ExecuteScalarAsync());
            Assert.Null(await survivor.TryAcquireAsync(name, CancellationToken.None));
        }

        // The server releases the lock when the dead session's backend exits, a moment after the socket closes.
        IAsyncDisposable? taken = null;
        for (int attempt = 0; attempt < 50 && taken is null; attempt++)
        {
            taken = await survivor.TryAcquireAsync(name, CancellationToken.None);
            if (taken is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(taken);
        await taken!.DisposeAsync();
    }

    [PostgresFact]
    public async Task Expiry_job_runs_once_across_two_instances()
    {
        await using SampleServiceFactory instanceA = new(new Dictionary<string, string?> { ["Jobs:ExpirePendingAfter"] = "00:10:00" }, ConnectionString);
        await using SampleServiceFactory instanceB = new(new Dictionary<string, string?> { ["Jobs:ExpirePendingAfter"] = "00:10:00" }, ConnectionString);
        using HttpClient clientA = await instanceA.CreateReadyClientAsync();
        using HttpClient clientB = await instanceB.CreateReadyClientAsync();
        await JobScenario.SeedAsync(instanceA.Services);

        IDistributedLockProvider locksA = instanceA.Services.GetRequiredService<IDistributedLockProvider>();
        await using (IAsyncDisposable? held = await locksA.TryAcquireAsync(ExpirePendingOrdersJob.LockName, CancellationToken.None))
        {
            Assert.NotNull(held);
            Assert.Null(await instanceB.Services.GetRequiredService<ExpirePendingOrdersJob>().RunOnceAsync(CancellationToken.None));
        }

        int? expired = await instanceB.Services.GetRequiredService<ExpirePendingOrdersJob>().RunOnceAsync(CancellationToken.None);
        Assert.True(expired >= 3, $"expired {expired}");
        await JobScenario.AssertExpiredAsync(instanceA.Services, expired: 3, pending: 1, confirmed: 1);
    }
}

public sealed class PostgresStartupTests
{
    [PostgresFact]
    public async Task Service_never_migrates_postgresql_at_start_up_and_stays_unready_until_migrated()
    {
        await using PostgresDatabase database = new();
        await database.InitializeAsync();
        await using SampleServiceFactory factory = new(connectionString: database.ConnectionString);
        using HttpClient client = factory.CreateClient();

        await Task.Delay(1500);
        using HttpResponseMessage startup = await client.GetAsync("/health/startup");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, startup.StatusCode);
        using HttpResponseMessage live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        (int exitCode, string log) = await database.MigrateAsync();
        Assert.True(exitCode == 0, log);
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            using HttpResponseMessage ready = await client.GetAsync("/health/ready");
            status = ready.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
