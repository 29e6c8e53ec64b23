using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace ChatService;

public sealed record ChatMessage(string Room, string User, string Text, DateTimeOffset SentAt);

public interface INotificationsClient
{
    Task Notify(string message);
    Task AvatarReady(string user, string url);
}

public sealed class ChatHub : Hub
{
    private readonly PresenceTracker _presence;
    private readonly MessageArchive _archive;
    private readonly ProfanityFilter _filter;

    public ChatHub(PresenceTracker presence, MessageArchive archive, ProfanityFilter filter)
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
