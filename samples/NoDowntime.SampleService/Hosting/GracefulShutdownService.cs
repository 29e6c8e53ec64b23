using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Health;
using NoDowntime.SampleService.Observability;

namespace NoDowntime.SampleService.Hosting;

/// <summary>
/// The shutdown sequence on SIGTERM:
/// 1. readiness fails at once (<see cref="ServiceState"/> listens to ApplicationStopping);
/// 2. this service holds the host in <c>StoppingAsync</c> for the drain delay while Kestrel keeps serving, so load
///    balancers and endpoint controllers stop sending new requests here;
/// 3. the host stops hosted services (background loops see their stopping token) and Kestrel, which stops
///    accepting and waits for in-flight requests;
/// 4. all of it bounded by <c>HostOptions.ShutdownTimeout</c> (Shutdown:Timeout), below the pod's grace period.
/// The whole duration is logged and recorded as <c>nodowntime.shutdown.duration</c>.
/// </summary>
public sealed class GracefulShutdownService(
    ServiceState state,
    IOptions<ShutdownOptions> options,
    SampleTelemetry telemetry,
    ILogger<GracefulShutdownService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.BeginDraining();
        TimeSpan drain = options.Value.DrainDelay;
        logger.LogInformation(
            "Shutdown started: readiness now fails; serving for a drain delay of {DrainSeconds} s within a shutdown timeout of {TimeoutSeconds} s",
            drain.TotalSeconds,
            options.Value.Timeout.TotalSeconds);
        try
        {
            // The token is the host's shutdown timeout: the drain never overruns the whole budget.
            await Task.Delay(drain, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout reached during the drain delay");
        }

        logger.LogInformation("Drain delay over: stopping background work and the server");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        double seconds = state.DrainingFor.TotalSeconds;
        telemetry.ShutdownDuration.Record(seconds);
        logger.LogInformation("Shutdown completed in {ShutdownSeconds:0.000} s", seconds);
        return Task.CompletedTask;
    }
}

/// <summary>While draining, answer with Connection: close so keep-alive clients and proxies reconnect elsewhere.</summary>
public sealed class DrainingConnectionMiddleware(RequestDelegate next, ServiceState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (state.IsDraining)
        {
            context.Response.Headers.Connection = "close";
        }

        return next(context);
    }
}
