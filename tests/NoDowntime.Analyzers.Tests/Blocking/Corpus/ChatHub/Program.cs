using ChatService;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSignalR();
builder.Services.AddSingleton<PresenceTracker>();
builder.Services.AddSingleton<MessageArchive>();
builder.Services.AddSingleton<ProfanityFilter>();
builder.Services.AddSingleton<AvatarRenderer>();

var app = builder.Build();

app.MapHub<ChatHub>("/hubs/chat");
app.MapHub<NotificationsHub>("/hubs/notifications");
app.MapGet("/rooms/{room}/history", (string room, MessageArchive archive) => archive.Recent(room, 50));

app.Run();
