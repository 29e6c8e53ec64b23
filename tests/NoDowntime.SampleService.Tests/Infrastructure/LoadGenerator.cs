using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace NoDowntime.SampleService.Tests.Infrastructure;

/// <summary>One request as the client saw it.</summary>
public sealed record RequestOutcome(TimeSpan Started, TimeSpan Ended, string Target, int Status, string? Error)
{
    public bool Failed => Error is not null || Status >= 500;
}

/// <summary>
/// Concurrent clients hammering one loopback base address with a mix of reads and writes. Bounded in requests and
/// in time; stops by itself. Every outcome is kept with its start time, to compare with the moment readiness failed.
/// </summary>
public sealed class LoadGenerator(Uri baseAddress, int clients, int maxRequests, TimeSpan maxDuration)
{
    private readonly ConcurrentBag<RequestOutcome> _outcomes = [];
    private int _sent;

    public IReadOnlyCollection<RequestOutcome> Outcomes => _outcomes;

    public int Sent => _outcomes.Count;

    public async Task RunAsync(Stopwatch clock, CancellationToken stop)
    {
        if (!IPAddress.IsLoopback(IPAddress.Parse(baseAddress.Host)))
        {
            throw new InvalidOperationException("Load tests only target loopback addresses.");
        }

        using SocketsHttpHandler handler = new()
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using HttpClient http = new(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(stop);
        bounded.CancelAfter(maxDuration);

        Task[] workers = Enumerable.Range(0, clients).Select(i => WorkerAsync(http, i, clock, bounded.Token)).ToArray();
        await Task.WhenAll(workers);
    }

    private async Task WorkerAsync(HttpClient http, int worker, Stopwatch clock, CancellationToken stop)
    {
        int n = 0;
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref _sent) <= maxRequests)
        {
            n++;
            (HttpMethod method, string target, string? body) = (n % 5) switch
            {
                0 => (HttpMethod.Post, "api/orders", $$"""{"customerId":"load-{{worker}}","sku":"SKU-00{{1 + (n % 5)}}","quantity":1}"""),
                1 => (HttpMethod.Get, $"api/orders?customerId=load-{worker}&limit=10", null),
                2 => (HttpMethod.Get, "api/products?limit=5", null),
                _ => (HttpMethod.Get, $"api/products/SKU-00{1 + (n % 5)}", null),
            };

            TimeSpan started = clock.Elapsed;
            try
            {
                using HttpRequestMessage request = new(method, target);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using HttpResponseMessage response = await http.SendAsync(request, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                _outcomes.Add(new RequestOutcome(started, clock.Elapsed, method + " " + target, (int)response.StatusCode, null));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                _outcomes.Add(new RequestOutcome(started, clock.Elapsed, method + " " + target, 0, ex.GetType().Name + ": " + ex.Message));
                // A refused connection returns at once; do not spin on a closed port.
                await Task.Delay(20, CancellationToken.None);
            }
        }

    }
}
