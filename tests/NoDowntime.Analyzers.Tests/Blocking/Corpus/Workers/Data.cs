using Microsoft.EntityFrameworkCore;
using MongoDB.Driver;
using MongoDB.Driver.Linq;

namespace Workers;

public sealed class OutboxMessage
{
    public long Id { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime? PublishedAt { get; set; }
    public int Attempts { get; set; }
}

public sealed class OutboxDb : DbContext
{
    public OutboxDb(DbContextOptions<OutboxDb> options) : base(options) { }

    public DbSet<OutboxMessage> Messages => Set<OutboxMessage>();
}

public sealed class StoredEvent
{
    public string Id { get; set; } = "";
    public string Stream { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTime At { get; set; }
    public bool Processed { get; set; }
}

public sealed class EventStore
{
    private readonly IMongoCollection<StoredEvent> _events;

    public EventStore(IMongoClient client) =>
        _events = client.GetDatabase("workers").GetCollection<StoredEvent>("events"); // trap: no I/O

    public Task EnsureIndexesAsync(CancellationToken ct) => Task.CompletedTask;

    public void Record(StoredEvent e) => _events.InsertOne(e); // expect ND1

    public async Task RecordAsync(StoredEvent e, CancellationToken ct) => await _events.InsertOneAsync(e, cancellationToken: ct);

    public List<StoredEvent> Pending(int max) =>
        _events.Find(e => !e.Processed).SortBy(e => e.At).Limit(max).ToList(); // expect ND1

    public StoredEvent? Latest(string stream) =>
        _events.Find(e => e.Stream == stream).SortByDescending(e => e.At).FirstOrDefault(); // expect ND1

    public int Replay(string stream, Action<StoredEvent> apply)
    {
        using IAsyncCursor<StoredEvent> cursor = _events.Find(e => e.Stream == stream).SortBy(e => e.At).ToCursor(); // expect ND1
        int count = 0;
        while (cursor.MoveNext()) // expect ND1
        {
            foreach (StoredEvent e in cursor.Current) // trap: the batch already fetched
            {
                apply(e);
                count++;
            }
        }

        return count;
    }

    public List<StoredEvent> OfType(string type) =>
        _events.AsQueryable().Where(e => e.Type == type).OrderBy(e => e.At).Take(100).ToList(); // expect ND1

    public Task<long> BacklogAsync(CancellationToken ct) => _events.CountDocumentsAsync(e => !e.Processed, cancellationToken: ct);

    public long Backlog() => _events.CountDocuments(e => !e.Processed); // expect ND1

    public void MarkProcessed(IEnumerable<string> ids)
    {
        var filter = Builders<StoredEvent>.Filter.In(e => e.Id, ids); // trap: builds a filter
        var update = Builders<StoredEvent>.Update.Set(e => e.Processed, true); // trap
        _events.UpdateMany(filter, update); // expect ND1
    }
}

public static class TaskExtensions
{
    /// <summary>The team's "just this once" bridge from async to sync code.</summary>
    public static T RunSync<T>(this Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult(); // expect ND1
}
