using System.Diagnostics;

namespace NoDowntime.SampleService.Health;

/// <summary>Start-up and shutdown phases, read by the probes.</summary>
public sealed class ServiceState
{
    private readonly TimeProvider _time;
    private long _drainStartedTimestamp;
    private int _ready;

    public ServiceState(IHostApplicationLifetime lifetime, TimeProvider time, NoDowntime.SampleService.Observability.SampleTelemetry telemetry)
    {
        _time = time;
        telemetry.ObserveDraining(() => IsDraining);
        // SIGTERM stops the application first: readiness fails at that very moment, before anything else stops.
        lifetime.ApplicationStopping.Register(BeginDraining);
    }

    /// <summary>Start-up work (schema, warm-up) is done: the startup probe passes and readiness may pass.</summary>
    public bool IsStarted => Volatile.Read(ref _ready) == 1;

    /// <summary>Shutdown has begun: readiness fails, the instance keeps serving what still reaches it.</summary>
    public bool IsDraining => Interlocked.Read(ref _drainStartedTimestamp) != 0;

    /// <summary>Time since shutdown began, or zero.</summary>
    public TimeSpan DrainingFor
    {
        get
        {
            long started = Interlocked.Read(ref _drainStartedTimestamp);
            return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
        }
    }

    public void MarkStarted() => Volatile.Write(ref _ready, 1);

    public void BeginDraining()
    {
        long now = _time.GetTimestamp();
        Interlocked.CompareExchange(ref _drainStartedTimestamp, now == 0 ? 1 : now, 0);
    }

    /// <summary>Time since the process started (what "start-up to ready" measures).</summary>
    public static TimeSpan SinceProcessStart()
    {
        using Process process = Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }
}
