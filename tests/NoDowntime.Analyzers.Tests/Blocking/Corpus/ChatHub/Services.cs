using System.Collections.Concurrent;
using System.Text.Json;

namespace ChatService;

public sealed class PresenceTracker
{
    private readonly ConcurrentDictionary<string, string> _connections = new();
    private readonly object _gate = new();
    private readonly HashSet<string> _online = new();

    public void Join(string user, string connectionId)
    {
        _connections[connectionId] = user;
        lock (_gate) // trap: lock
        {
            _online.Add(user);
        }
    }

    public void Leave(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var user))
        {
            lock (_gate) // trap: lock
            {
                if (!_connections.Values.Contains(user)) // trap: in-memory
                {
                    _online.Remove(user);
                }
            }
        }
    }

    public IReadOnlyCollection<string> OnlineUsers()
    {
        lock (_gate) // trap: lock
        {
            return _online.ToList(); // trap: in-memory
        }
    }
}

public sealed class MessageArchive
{
    private readonly string _folder;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public MessageArchive(IConfiguration configuration) =>
        _folder = configuration["Chat:ArchiveFolder"] ?? Path.Combine(Path.GetTempPath(), "chat"); // trap

    public IReadOnlyList<ChatMessage> Recent(string room, int count)
    {
        string path = PathFor(room);
        if (!File.Exists(path)) // trap
        {
            return Array.Empty<ChatMessage>();
        }

        return File.ReadLines(path) // expect ND1
            .TakeLast(count)
            .Select(line => JsonSerializer.Deserialize<ChatMessage>(line)!) // trap: deserializes a string
            .ToList(); // trap: in-memory
    }

    public void Append(ChatMessage message)
    {
        _writeGate.Wait(); // expect ND1
        try
        {
            Directory.CreateDirectory(_folder); // trap
            using var stream = new FileStream(PathFor(message.Room), FileMode.Append, FileAccess.Write, FileShare.Read); // trap: opening
            using var writer = new StreamWriter(stream);
            writer.WriteLine(JsonSerializer.Serialize(message)); // expect ND1
        }
        finally
        {
            _writeGate.Release(); // trap
        }
    }

    public async Task<string> ExportAsync(string room)
    {
        string path = PathFor(room);
        return File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
    }

    public ValueTask<bool> ExistsAsync(string room) => ValueTask.FromResult(File.Exists(PathFor(room)));

    private string PathFor(string room) => Path.Combine(_folder, $"{room}.jsonl"); // trap
}

public sealed class ProfanityFilter
{
    private readonly Lazy<HashSet<string>> _words;

    public ProfanityFilter(IWebHostEnvironment environment)
    {
        string path = Path.Combine(environment.ContentRootPath, "profanity.txt");
        _words = new Lazy<HashSet<string>>(() => new HashSet<string>(File.ReadAllLines(path), StringComparer.OrdinalIgnoreCase)); // expect ND1: the factory runs on the first Clean, inside a hub call
    }

    public string Clean(string text)
    {
        HashSet<string> words = _words.Value; // trap: Lazy<T>.Value itself
        return string.Join(' ', text.Split(' ').Select(w => words.Contains(w) ? new string('*', w.Length) : w));
    }
}
