using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace ChatService;

public sealed record ChatMessage(string Room, string User, string Text, DateTimeOffset SentAt);

public interface INotificationsClient
{
    Task Notify(string message);
    Task AvatarReady(string user, string url);
}

/// <summary>Room commands every room hub shares; the public methods are hub methods of each derived hub.</summary>
public abstract class RoomHubBase : Hub
{
    private readonly MessageArchive _archive;

    protected RoomHubBase(MessageArchive archive) => _archive = archive;

    public int Count(string room) => _archive.Recent(room, 1000).Count;

    public string Export(string room)
    {
        Task<string> export = _archive.ExportAsync(room);
        return export.Result; // expect ND1
    }

    public async Task<string> ExportTwice(string room)
    {
        Task<string> export = _archive.ExportAsync(room);
        await export;
        string text = export.Result; // trap: awaited above
        Task<int> length = export.ContinueWith(t => t.Result.Length); // trap: inside the continuation the task is complete
        return text + await length;
    }

    public bool Peek(string room)
    {
        ValueTask<bool> exists = _archive.ExistsAsync(room);
        return exists.AsTask().Result; // expect ND1
    }
}

public sealed class ChatHub : RoomHubBase
{
    private readonly PresenceTracker _presence;
    private readonly MessageArchive _archive;
    private readonly ProfanityFilter _filter;

    public ChatHub(PresenceTracker presence, MessageArchive archive, ProfanityFilter filter) : base(archive)
    {
        _presence = presence;
        _archive = archive;
        _filter = filter;
    }

    public override async Task OnConnectedAsync()
    {
        string user = Context.UserIdentifier ?? Context.ConnectionId;
        _presence.Join(user, Context.ConnectionId);
        await Clients.Others.SendAsync("joined", user);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        _presence.Leave(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task JoinRoom(string room)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, room);
        IReadOnlyList<ChatMessage> history = _archive.Recent(room, 20);
        await Clients.Caller.SendAsync("history", history);
    }

    public async Task Send(string room, string text)
    {
        string clean = _filter.Clean(text);
        var message = new ChatMessage(room, Context.UserIdentifier ?? "anonymous", clean, DateTimeOffset.UtcNow);
        _archive.Append(message);
        await Clients.Group(room).SendAsync("message", message);
    }

    public IReadOnlyCollection<string> Online() => _presence.OnlineUsers();

    public void Typing(string room)
    {
        Clients.OthersInGroup(room).SendAsync("typing", Context.UserIdentifier).Wait(); // expect ND1
    }
}

public sealed class NotificationsHub : Hub<INotificationsClient>
{
    private readonly AvatarRenderer _avatars;

    public NotificationsHub(AvatarRenderer avatars) => _avatars = avatars;

    public async Task RenderAvatar(string user)
    {
        string url = _avatars.Render(user);
        await Clients.Caller.AvatarReady(user, url);
    }

    public Task Broadcast(string message)
    {
        Task send = Clients.All.Notify(message);
        send.GetAwaiter().GetResult(); // expect ND1
        return Task.CompletedTask;
    }
}

public sealed class AvatarRenderer
{
    private readonly string _root;

    public AvatarRenderer(IWebHostEnvironment environment) => _root = Path.Combine(environment.WebRootPath ?? "wwwroot", "avatars"); // trap

    public string Render(string user)
    {
        string target = Path.Combine(_root, $"{user}.png"); // trap
        if (File.Exists(target)) // trap
        {
            return $"/avatars/{user}.png";
        }

        Directory.CreateDirectory(_root); // trap: no async counterpart
        using var process = Process.Start(new ProcessStartInfo("convert", $"-size 64x64 label:{user[0]} {target}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!; // trap: starting a process
        string output = process.StandardOutput.ReadToEnd(); // expect ND1
        process.WaitForExit(); // expect ND1
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"convert failed: {output}");
        }

        return $"/avatars/{user}.png";
    }
}
