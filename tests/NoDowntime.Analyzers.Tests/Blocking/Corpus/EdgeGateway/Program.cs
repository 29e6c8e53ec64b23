using System.Net;
using System.Text;
using System.Text.Json;
using EdgeGateway;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<TenantDirectory>();
builder.Services.AddSingleton<BlockList>();
builder.Services.AddTransient<ApiKeyMiddleware>();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<SigningOptions>, ConfigureSigning>();

var app = builder.Build();

// Start-up: fail fast when the tenant file is missing.
var tenants = app.Services.GetRequiredService<TenantDirectory>();
tenants.Reload(); // trap: start-up, before app.Run()

app.UseMiddleware<RequestLoggingMiddleware>();
app.UseMiddleware<ApiKeyMiddleware>();
app.UseMiddleware<TenantMiddleware>();

app.Use(async (context, next) =>
{
    if (context.Request.Headers.ContainsKey("X-Debug-Delay"))
    {
        Thread.Sleep(int.Parse(context.Request.Headers["X-Debug-Delay"]!)); // expect ND1
    }

    await next(context);
});

app.Use(async (HttpContext context, RequestDelegate next) =>
{
    var blockList = context.RequestServices.GetRequiredService<BlockList>();
    string ip = context.Connection.RemoteIpAddress?.ToString() ?? "";
    if (blockList.IsBlocked(ip))
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        byte[] body = Encoding.UTF8.GetBytes("blocked");
        context.Response.Body.Write(body, 0, body.Length); // expect ND1
        return;
    }

    await next(context);
});

app.Map("/whoami", branch => branch.Run(context =>
{
    IPHostEntry entry = Dns.GetHostEntry(Dns.GetHostName()); // expect ND1
    return context.Response.WriteAsync(entry.HostName);
}));

app.MapPost("/echo", (HttpContext context) =>
{
    var payload = JsonSerializer.Deserialize<Dictionary<string, string>>(context.Request.Body); // expect ND1
    JsonSerializer.Serialize(context.Response.Body, payload); // expect ND1
});

app.MapGet("/probe/{host}", (string host) =>
{
    using var tcp = new System.Net.Sockets.TcpClient();
    tcp.Connect(host, 443); // expect ND1
    using var stream = tcp.GetStream(); // trap: no I/O
    var banner = new byte[64];
    int read = stream.Read(banner, 0, banner.Length); // expect ND1
    return Results.Ok(read);
});

app.MapPost("/fanout", (string[] targets, IHttpClientFactory clients) =>
{
    HttpClient client = clients.CreateClient();
    var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
    Parallel.ForEach(targets, target => // trap: the loop itself
    {
        using HttpResponseMessage response = client.Send(new HttpRequestMessage(HttpMethod.Post, target)); // expect ND1
        statuses.Add((int)response.StatusCode);
    });
    return Results.Ok(statuses);
});

app.MapGet("/legacy/{path}", (string path) =>
{
#pragma warning disable SYSLIB0014 // WebClient is obsolete
    using var web = new WebClient();
    return web.DownloadString($"http://legacy.internal/{path}"); // expect ND1: DownloadStringTaskAsync exists
#pragma warning restore SYSLIB0014
});

app.Run(async context =>
{
    context.Response.StatusCode = StatusCodes.Status404NotFound;
    await context.Response.WriteAsync("no route");
});

app.Run();
