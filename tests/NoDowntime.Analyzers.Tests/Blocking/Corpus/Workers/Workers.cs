using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Workers;

public sealed class OutboxPublisher : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IHttpClientFactory _clients;
    private readonly ILogger<OutboxPublisher> _logger;

    public OutboxPublisher(IServiceScopeFactory scopes, IHttpClientFactory clients, ILogger<OutboxPublisher> logger)
    {
        _scopes = scopes;
        _clients = clients;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int published = await PublishBatchAsync(stoppingToken);
            if (published == 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1)); // expect ND1
            }
        }
    }

    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxDb>();
        List<OutboxMessage> batch = await db.Messages
            .Where(m => m.PublishedAt == null && m.Attempts < 5)
            .OrderBy(m => m.Id)
            .Take(100)
            .ToListAsync(ct);

        HttpClient client = _clients.CreateClient("broker");
        var sends = batch.Select(m => client.PostAsync($"topics/{m.Type}", new StringContent(m.Payload), ct)).ToArray(); // trap: in-memory
        await Task.WhenAll(sends);
        for (int i = 0; i < batch.Count; i++)
        {
            if (sends[i].Result.IsSuccessStatusCode) // trap: completed by the awaited WhenAll
            {
                batch[i].PublishedAt = DateTime.UtcNow;
            }
            else
            {
                batch[i].Attempts++;
            }
        }

        db.SaveChanges(); // expect ND1
        _logger.LogInformation("Published {Count} outbox messages", batch.Count(m => m.PublishedAt != null)); // trap: in-memory
        return batch.Count;
    }
}

public sealed record WorkItem(string Kind, string Argument);

public sealed class WorkQueue
{
    private readonly Channel<WorkItem> _channel = Channel.CreateBounded<WorkItem>(1000);

    public ValueTask EnqueueAsync(WorkItem item, CancellationToken ct) => _channel.Writer.WriteAsync(item, ct);

    public bool TryEnqueue(WorkItem item) => _channel.Writer.TryWrite(item); // trap

    public IAsyncEnumerable<WorkItem> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

public sealed class QueueConsumer : BackgroundService
{
    private readonly WorkQueue _queue;
    private readonly EventStore _events;
    private readonly ReportRenderer _reports;

    public QueueConsumer(WorkQueue queue, EventStore events, ReportRenderer reports)
    {
        _queue = queue;
        _events = events;
        _reports = reports;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (WorkItem item in _queue.ReadAllAsync(stoppingToken))
        {
            switch (item.Kind)
            {
                case "report":
                    _reports.Render(item.Argument);
                    break;
                case "event":
                    _events.Record(new StoredEvent { Id = Guid.NewGuid().ToString("n"), Type = item.Argument, At = DateTime.UtcNow });
                    break;
                case "replay-type":
                    foreach (StoredEvent e in _events.OfType(item.Argument)) // trap: a list already loaded
                    {
                        _reports.Render(e.Id);
                    }

                    break;
                case "compact":
                    var pending = _events.Pending(500);
                    Parallel.ForEach(pending, e => e.Processed = true); // trap: in-memory CPU work
                    _events.MarkProcessed(pending.Select(e => e.Id)); // trap: in-memory projection
                    break;
            }
        }
    }
}

public sealed class ProjectionRebuilder : BackgroundService
{
    private readonly BlockingCollection<string> _streams = new(boundedCapacity: 100);
    private readonly EventStore _events;

    public ProjectionRebuilder(EventStore events) => _events = events;

    public bool Request(string stream) => _streams.TryAdd(stream); // trap: never waits

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => Loop(stoppingToken), stoppingToken);

    private void Loop(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string stream = _streams.Take(stoppingToken); // expect ND1: parks the thread until an item arrives
            StoredEvent? latest = _events.Latest(stream);
            int replayed = _events.Replay(stream, e => e.Processed = true);
            if (latest is null || replayed == 0)
            {
                Thread.Sleep(0); // trap: yields, never waits
            }
        }
    }
}

public sealed class ReportRenderer
{
    private readonly ILogger<ReportRenderer> _logger;

    public ReportRenderer(ILogger<ReportRenderer> logger) => _logger = logger;

    public void Render(string name)
    {
        var info = new ProcessStartInfo("wkhtmltopdf", $"reports/{name}.html reports/{name}.pdf") { UseShellExecute = false };
        using Process process = Process.Start(info)!; // trap: starting is not waiting
        if (!process.WaitForExit(30_000)) // expect ND1
        {
            process.Kill(entireProcessTree: true); // trap
            _logger.LogWarning("Report {Name} timed out", name);
        }
    }
}

public sealed class CacheWarmer : IHostedService
{
    private readonly IHttpClientFactory _clients;
    private readonly EventStore _events;

    public CacheWarmer(IHttpClientFactory clients, EventStore events)
    {
        _clients = clients;
        _events = events;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        HttpClient client = _clients.CreateClient("catalog");
        Task<HttpResponseMessage> products = client.GetAsync("api/products", cancellationToken);
        Task<HttpResponseMessage> prices = client.GetAsync("api/prices", cancellationToken);
        Task.WaitAll(products, prices); // expect ND1
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        SpinWait.SpinUntil(() => _events.Backlog() == 0, TimeSpan.FromSeconds(5)); // expect ND1
        long left = _events.BacklogAsync(cancellationToken).RunSync(); // trap: the wait is inside RunSync, reported there
        return left == 0 ? Task.CompletedTask : Task.Delay(100, cancellationToken);
    }
}

// The timed hosted service from the docs: a timer callback every 30 seconds.
public sealed class HeartbeatService : IHostedService, IDisposable
{
    private readonly ILogger<HeartbeatService> _logger;
    private readonly string _path = Path.Combine(Path.GetTempPath(), "heartbeat"); // trap
    private Timer? _timer;

    public HeartbeatService(ILogger<HeartbeatService> logger) => _logger = logger;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(Beat, null, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        return Task.CompletedTask;
    }

    private void Beat(object? state)
    {
        File.WriteAllText(_path, DateTime.UtcNow.ToString("O")); // expect ND1
        _logger.LogDebug("Heartbeat written");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.Infinite, 0); // trap
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose(); // trap
}
