using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using NoDowntime.SampleService.Caching;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Data;
using NoDowntime.SampleService.Jobs;
using NoDowntime.SampleService.Locking;
using NoDowntime.SampleService.Observability;
using NoDowntime.SampleService.Tests.Infrastructure;
using Xunit;

namespace NoDowntime.SampleService.Tests.Units;

public sealed class SingleFlightCacheTests
{
    [Fact]
    public async Task Concurrent_misses_for_one_key_load_once()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using MemoryCache memory = new(new MemoryCacheOptions { SizeLimit = 100 });
        using SampleTelemetry telemetry = new(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        SingleFlightCache cache = new(memory, telemetry);
        int loads = 0;
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<string?> Load(CancellationToken token)
        {
            Interlocked.Increment(ref loads);
            await gate.Task.WaitAsync(token);
            return "value";
        }

        Task<string?>[] callers = Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => cache.GetOrLoadAsync("hot", TimeSpan.FromMinutes(1), Load, CancellationToken.None)))
            .ToArray();
        await Task.Delay(200);
        gate.SetResult();
        string?[] values = await Task.WhenAll(callers);

        Assert.Equal(1, loads);
        Assert.All(values, v => Assert.Equal("value", v));
        Assert.Equal("value", await cache.GetOrLoadAsync<string>("hot", TimeSpan.FromMinutes(1), _ => throw new InvalidOperationException("cached"), CancellationToken.None));
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_cancel_the_shared_load()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using MemoryCache memory = new(new MemoryCacheOptions { SizeLimit = 100 });
        using SampleTelemetry telemetry = new(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        SingleFlightCache cache = new(memory, telemetry);
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenSource impatient = new();

        Task<string?> first = cache.GetOrLoadAsync("k", TimeSpan.FromMinutes(1), async token => { await gate.Task.WaitAsync(token); return "v"; }, impatient.Token);
        Task<string?> second = cache.GetOrLoadAsync<string>("k", TimeSpan.FromMinutes(1), _ => throw new InvalidOperationException("joined, never loads"), CancellationToken.None);
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.SetResult();
        Assert.Equal("v", await second);
    }
}

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Data Source=orders.db", "Auto", DatabaseProvider.Sqlite)]
    [InlineData("Host=127.0.0.1;Port=5432;Database=orders;Username=app", "Auto", DatabaseProvider.PostgreSql)]
    [InlineData("postgresql://app@db/orders", "Auto", DatabaseProvider.PostgreSql)]
    [InlineData("Data Source=orders.db", "PostgreSql", DatabaseProvider.PostgreSql)]
    public void Provider_follows_the_connection_string_unless_named(string connectionString, string provider, DatabaseProvider expected) =>
        Assert.Equal(expected, DatabaseProviders.Resolve(provider, connectionString));

    [Fact]
    public void Defaults_are_valid_and_bad_values_are_named()
    {
        ServiceOptionsValidator validator = new();
        Assert.True(validator.Validate(null, new ShutdownOptions()).Succeeded);
        Assert.True(validator.Validate(null, new DatabaseOptions()).Succeeded);
        Assert.True(validator.Validate(null, new LimitsOptions()).Succeeded);
        Assert.True(validator.Validate(null, new InventoryOptions()).Succeeded);
        Assert.True(validator.Validate(null, new JobOptions()).Succeeded);

        Assert.Contains("Shutdown:Timeout", validator.Validate(null, new ShutdownOptions { Timeout = TimeSpan.FromSeconds(45) }).FailureMessage);
        Assert.Contains("Database:MaxPageSize", validator.Validate(null, new DatabaseOptions { MaxPageSize = 5000 }).FailureMessage);
        Assert.Contains("Limits:ConcurrentRequests", validator.Validate(null, new LimitsOptions { ConcurrentRequests = 0 }).FailureMessage);
        Assert.Contains("Inventory:AttemptTimeout", validator.Validate(null, new InventoryOptions { AttemptTimeout = TimeSpan.FromSeconds(10) }).FailureMessage);
        Assert.Contains("Limits:TrustedProxyNetworks", validator.Validate(null, new LimitsOptions { TrustedProxyNetworks = "10.0.0.0/8, not-a-network" }).FailureMessage);
        Assert.Equal(2, new LimitsOptions { TrustedProxyNetworks = "10.0.0.0/8, fd00::/8" }.ParseTrustedProxyNetworks().Count);
    }

    [Fact]
    public void Lock_keys_are_stable_across_processes()
    {
        // FNV-1a, not string.GetHashCode (randomised per process): every instance must agree on the key.
        Assert.Equal(LockKeys.For(ExpirePendingOrdersJob.LockName), LockKeys.For("jobs:expire-pending-orders"));
        Assert.Equal(unchecked((long)0xcbf29ce484222325UL), LockKeys.For(""));
        Assert.NotEqual(LockKeys.For("a"), LockKeys.For("b"));
    }
}

public sealed class ExpiryJobTests
{
    [Fact]
    public async Task Expires_old_pending_orders_in_bounded_batches_and_leaves_the_rest()
    {
        await using SampleServiceFactory factory = new(new Dictionary<string, string?>
        {
            ["Jobs:BatchSize"] = "2",
            ["Jobs:ExpirePendingAfter"] = "00:10:00",
        });
        using HttpClient client = await factory.CreateReadyClientAsync();
        await JobScenario.SeedAsync(factory.Services);
        ExpirePendingOrdersJob job = factory.Services.GetRequiredService<ExpirePendingOrdersJob>();

        Assert.Equal(2, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await JobScenario.AssertExpiredAsync(factory.Services, expired: 3, pending: 1, confirmed: 1);
    }

    [Fact]
    public async Task A_held_lock_makes_the_pass_skip()
    {
        await using SampleServiceFactory factory = new();
        using HttpClient client = await factory.CreateReadyClientAsync();
        IDistributedLockProvider locks = factory.Services.GetRequiredService<IDistributedLockProvider>();
        ExpirePendingOrdersJob job = factory.Services.GetRequiredService<ExpirePendingOrdersJob>();

        await using (IAsyncDisposable? held = await locks.TryAcquireAsync(ExpirePendingOrdersJob.LockName, CancellationToken.None))
        {
            Assert.NotNull(held);
            Assert.Null(await job.RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
    }
}

internal static class JobScenario
{
    /// <summary>Three old pending orders, one recent pending, one old confirmed.</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        DateTime old = DateTime.UtcNow.AddHours(-2);
        for (int i = 0; i < 3; i++)
        {
            db.Orders.Add(new Order { CustomerId = "job", Sku = "SKU-001", Quantity = 1, TotalCents = 1, Status = OrderStatus.Pending, CreatedAt = old });
        }

        db.Orders.Add(new Order { CustomerId = "job", Sku = "SKU-001", Quantity = 1, TotalCents = 1, Status = OrderStatus.Pending, CreatedAt = DateTime.UtcNow });
        db.Orders.Add(new Order { CustomerId = "job", Sku = "SKU-001", Quantity = 1, TotalCents = 1, Status = OrderStatus.Confirmed, CreatedAt = old });
        await db.SaveChangesAsync();
    }

    public static async Task AssertExpiredAsync(IServiceProvider services, int expired, int pending, int confirmed)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        Assert.Equal(expired, await db.Orders.CountAsync(o => o.CustomerId == "job" && o.Status == OrderStatus.Expired));
        Assert.Equal(pending, await db.Orders.CountAsync(o => o.CustomerId == "job" && o.Status == OrderStatus.Pending));
        Assert.Equal(confirmed, await db.Orders.CountAsync(o => o.CustomerId == "job" && o.Status == OrderStatus.Confirmed));
    }
}
