using Microsoft.EntityFrameworkCore;
using NoDowntime.SampleService.Data;
using NoDowntime.SampleService.Health;
using NoDowntime.SampleService.Observability;

namespace NoDowntime.SampleService.Hosting;

/// <summary>
/// Start-up work that must finish before traffic arrives: open the first database connection and build the EF
/// model with one small query. Until it is done the startup and readiness probes fail. Logs start-up to ready.
/// </summary>
public sealed class WarmupService(
    IServiceScopeFactory scopes,
    ServiceState state,
    SampleTelemetry telemetry,
    ILogger<WarmupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using AsyncServiceScope scope = scopes.CreateAsyncScope();
                OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
                await db.Products.OrderBy(p => p.Sku).Select(p => p.Sku).Take(1).ToListAsync(stoppingToken);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                attempt++;
                logger.LogWarning(ex, "Warm-up attempt {Attempt} failed; retrying", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt * attempt)), stoppingToken);
            }
        }

        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        state.MarkStarted();
        TimeSpan sinceStart = ServiceState.SinceProcessStart();
        telemetry.StartupDuration.Record(sinceStart.TotalSeconds);
        logger.LogInformation("Service ready {StartupMs:0} ms after process start", sinceStart.TotalMilliseconds);
    }
}
