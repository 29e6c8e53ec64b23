using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using NoDowntime.SampleService.Observability;

namespace NoDowntime.SampleService.Caching;

/// <summary>
/// A read-through cache with stampede protection: when an entry is missing, one caller loads it and every
/// concurrent caller for the same key awaits that one load instead of hitting the database too. Each waiter can
/// still give up on its own request's token; the load itself is bounded by its own timeout.
/// </summary>
public sealed class SingleFlightCache(IMemoryCache cache, SampleTelemetry telemetry)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Lazy<Task<object?>>> _inFlight = new(StringComparer.Ordinal);

    public async Task<T?> GetOrLoadAsync<T>(string key, TimeSpan ttl, Func<CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
        where T : class
    {
        if (cache.TryGetValue(key, out T? cached))
        {
            telemetry.CacheLookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));
            return cached;
        }

        bool created = false;
        Lazy<Task<object?>> flight = _inFlight.GetOrAdd(key, k =>
        {
            created = true;
            return new Lazy<Task<object?>>(() => LoadAndStoreAsync(k, ttl, load));
        });
        telemetry.CacheLookups.Add(1, new KeyValuePair<string, object?>("result", created ? "miss" : "joined"));

        object? value = await flight.Value.WaitAsync(cancellationToken);
        return (T?)value;
    }

    private async Task<object?> LoadAndStoreAsync<T>(string key, TimeSpan ttl, Func<CancellationToken, Task<T?>> load)
        where T : class
    {
        using System.Diagnostics.Activity? activity = SampleTelemetry.ActivitySource.StartActivity("cache.load");
        activity?.SetTag("cache.key", key);
        try
        {
            // Not tied to the first caller's request (one caller leaving must not fail the others), nor to
            // shutdown (the service keeps serving while it drains): bounded by its own timeout instead.
            using CancellationTokenSource timeout = new(LoadTimeout);
            T? value = await load(timeout.Token);
            if (value is not null)
            {
                // Each entry counts 1 against the cache's SizeLimit: the cache is bounded like everything else.
                cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
            }

            return value;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }
}
