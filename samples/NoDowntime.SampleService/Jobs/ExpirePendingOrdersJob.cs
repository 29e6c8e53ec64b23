using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Data;
using NoDowntime.SampleService.Locking;
using NoDowntime.SampleService.Observability;

namespace NoDowntime.SampleService.Jobs;

/// <summary>
/// Expires orders left pending too long. Every instance runs the loop, but a distributed lock (a PostgreSQL
/// advisory lock in production) lets only one of them do the work at a time. Each pass is one bounded batch
/// and observes the stopping token, so shutdown never waits for it beyond the current statement.
/// </summary>
public sealed class ExpirePendingOrdersJob(
    IServiceScopeFactory scopes,
    IDistributedLockProvider locks,
    IOptions<JobOptions> options,
    SampleTelemetry telemetry,
    TimeProvider time,
    ILogger<ExpirePendingOrdersJob> logger) : BackgroundService
{
    public const string LockName = "jobs:expire-pending-orders";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        JobOptions settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        using PeriodicTimer timer = new(settings.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Order expiry pass failed; the next tick retries");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Order expiry job stopped");
        }
    }

    /// <summary>One pass: returns how many orders were expired, or null when another instance holds the lock.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Background work has no incoming request: each pass is its own trace.
        using Activity? activity = SampleTelemetry.ActivitySource.StartActivity("jobs.expire-pending-orders");
        await using IAsyncDisposable? held = await locks.TryAcquireAsync(LockName, cancellationToken);
        if (held is null)
        {
            logger.LogDebug("Order expiry skipped: another instance holds {Lock}", LockName);
            activity?.SetTag("lock.acquired", false);
            return null;
        }

        JobOptions settings = options.Value;
        DateTime cutoff = time.GetUtcNow().UtcDateTime - settings.ExpirePendingAfter;
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();

        // One bounded batch per pass: ids first (a keyed, limited read), then one set-based update.
        List<long> ids = await db.Orders
            .Where(o => o.Status == OrderStatus.Pending && o.CreatedAt < cutoff)
            .OrderBy(o => o.Id)
            .Select(o => o.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        int expired = await db.Orders
            .Where(o => ids.Contains(o.Id) && o.Status == OrderStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Expired), cancellationToken);
        telemetry.OrdersExpired.Add(expired);
        activity?.SetTag("orders.expired", expired);
        logger.LogInformation("Expired {Count} pending order(s) older than {Cutoff:o}", expired, cutoff);
        return expired;
    }
}
