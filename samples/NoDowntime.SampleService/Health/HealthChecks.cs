using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NoDowntime.SampleService.Data;
using NoDowntime.SampleService.Resilience;
using Polly.CircuitBreaker;

namespace NoDowntime.SampleService.Health;

public static class HealthSetup
{
    public const string StartupTag = "startup";
    public const string ReadyTag = "ready";

    public static IServiceCollection AddServiceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StartedHealthCheck>("started", tags: [StartupTag, ReadyTag])
            .AddCheck<DrainingHealthCheck>("not-draining", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<InventoryCircuitHealthCheck>("inventory-circuit", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// Three probes, three questions. Live: is the process able to answer at all (no dependency checks, so a
    /// database outage never restarts every pod). Startup: has start-up work finished. Ready: should traffic come
    /// here (dependencies up, not shutting down; an open circuit to an optional dependency is degraded, still 200).
    /// </summary>
    public static HealthCheckOptions Live() => Options(_ => false);

    public static HealthCheckOptions Startup() => Options(r => r.Tags.Contains(StartupTag));

    public static HealthCheckOptions Ready() => Options(r => r.Tags.Contains(ReadyTag));

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteJsonAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using Utf8JsonWriter json = new(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach ((string name, HealthReportEntry entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null)
            {
                json.WriteString("description", entry.Description);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}

public sealed class StartedHealthCheck(ServiceState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsStarted ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("start-up work is still running"));
}

public sealed class DrainingHealthCheck(ServiceState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDraining ? HealthCheckResult.Unhealthy("shutting down: draining in-flight requests") : HealthCheckResult.Healthy());
}

public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
            return await db.Database.CanConnectAsync(timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("database check failed: " + ex.GetType().Name);
        }
    }
}

/// <summary>An open circuit means the inventory service is down: stock reads fail fast, orders still work. Degraded, not dead.</summary>
public sealed class InventoryCircuitHealthCheck(InventoryCircuit circuit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        CircuitState state = circuit.State;
        return Task.FromResult(state == CircuitState.Closed
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("inventory circuit is " + state));
    }
}
