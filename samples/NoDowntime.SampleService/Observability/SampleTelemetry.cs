using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NoDowntime.SampleService.Observability;

/// <summary>The service's own traces and metrics, next to what ASP.NET Core, HttpClient and Kestrel emit natively.</summary>
public sealed class SampleTelemetry : IDisposable
{
    public const string Name = "NoDowntime.SampleService";

    // An ActivitySource is thread-safe infrastructure with no request state: fine as a static.
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public SampleTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        OrdersCreated = _meter.CreateCounter<long>("nodowntime.orders.created", unit: "{order}", description: "Orders accepted.");
        OrdersExpired = _meter.CreateCounter<long>("nodowntime.orders.expired", unit: "{order}", description: "Pending orders expired by the background job.");
        CacheLookups = _meter.CreateCounter<long>("nodowntime.cache.lookups", unit: "{lookup}", description: "Hot-read cache lookups by result (hit, miss, joined).");
        StartupDuration = _meter.CreateHistogram<double>("nodowntime.startup.duration", unit: "s", description: "Process start until ready.");
        ShutdownDuration = _meter.CreateHistogram<double>("nodowntime.shutdown.duration", unit: "s", description: "SIGTERM until the host stopped.");
    }

    public Counter<long> OrdersCreated { get; }

    /// <summary>1 while the instance drains after SIGTERM: a scrape during shutdown shows it.</summary>
    public void ObserveDraining(Func<bool> isDraining) =>
        _meter.CreateObservableGauge("nodowntime.draining", () => isDraining() ? 1 : 0, unit: "{instance}", description: "1 while the instance is shutting down and draining.");

    public Counter<long> OrdersExpired { get; }

    public Counter<long> CacheLookups { get; }

    public Histogram<double> StartupDuration { get; }

    public Histogram<double> ShutdownDuration { get; }

    public void Dispose() => _meter.Dispose();
}
