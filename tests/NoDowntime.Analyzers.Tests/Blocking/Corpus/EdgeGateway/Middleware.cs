using System.Diagnostics;
using Microsoft.Extensions.Options;
using System.Text;
using System.Text.Json;

namespace EdgeGateway;

public sealed class RequestLoggingMiddleware
{
    private static readonly object ConsoleGate = new();
    private readonly RequestDelegate _next;
    private readonly ILogger<RequestLoggingMiddleware> _logger;

    public RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path == "/robots.txt")
        {
            string robots;
            lock (ConsoleGate) // trap: the lock itself
            {
                robots = File.ReadAllText("robots.txt"); // expect ND1
            }

            await context.Response.WriteAsync(robots);
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        string body = ReadBodyForLog(context.Request);
        await _next(context);
        lock (ConsoleGate) // trap: lock
        {
            Console.WriteLine($"{context.Request.Method} {context.Request.Path} -> {context.Response.StatusCode} in {stopwatch.ElapsedMilliseconds} ms"); // trap
        }

        _logger.LogDebug("Body: {Body}", body);
    }

    private static string ReadBodyForLog(HttpRequest request)
    {
        if (request.ContentLength is null or 0 or > 64_000)
        {
            return "";
        }

        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        string text = reader.ReadToEnd(); // expect ND1
        request.Body.Position = 0;
        return text;
    }
}

public sealed class ApiKeyMiddleware : IMiddleware
{
    private readonly IConfiguration _configuration;

    public ApiKeyMiddleware(IConfiguration configuration) => _configuration = configuration;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        string? expected = _configuration["Gateway:ApiKey"]; // trap: configuration read
        if (expected is not null && context.Request.Headers["X-Api-Key"] != expected)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
            writer.Write("{\"error\":\"invalid api key\"}"); // expect ND1
            writer.Flush(); // expect ND1
            return Task.CompletedTask;
        }

        return next(context);
    }
}

public sealed class TenantMiddleware
{
    private readonly RequestDelegate _next;

    public TenantMiddleware(RequestDelegate next) => _next = next;

    public Task Invoke(HttpContext context, TenantDirectory tenants)
    {
        string host = context.Request.Host.Host;
        Tenant? tenant = tenants.Resolve(host);
        if (tenant is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Items["tenant"] = tenant;
        return _next(context);
    }
}

public sealed record Tenant(string Host, string Name, string Plan);

public sealed class TenantDirectory
{
    private readonly string _path;
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly ManualResetEventSlim _loaded = new(false);
    private Dictionary<string, Tenant> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private DateTime _loadedAt;

    public TenantDirectory(IWebHostEnvironment environment) =>
        _path = Path.Combine(environment.ContentRootPath, "tenants.json"); // trap

    public void Reload()
    {
        using FileStream stream = File.OpenRead(_path); // trap: opening a stream is not the read
        var tenants = JsonSerializer.Deserialize<List<Tenant>>(stream) ?? new(); // expect ND1
        _byHost = tenants.ToDictionary(t => t.Host, StringComparer.OrdinalIgnoreCase); // trap: in-memory
        _loadedAt = DateTime.UtcNow;
        _loaded.Set();
    }

    public Tenant? Resolve(string host)
    {
        _loaded.Wait(TimeSpan.FromSeconds(10)); // expect ND1
        if (DateTime.UtcNow - _loadedAt > TimeSpan.FromMinutes(5) && File.GetLastWriteTimeUtc(_path) > _loadedAt) // trap: no async counterpart
        {
            Reload();
        }

        return _byHost.TryGetValue(host, out var tenant) ? tenant : null;
    }
}

public sealed class BlockList
{
    private readonly HashSet<string> _blocked = new();
    private readonly Mutex _fileMutex = new(false, "edge-gateway-blocklist");
    private readonly object _gate = new();

    public bool IsBlocked(string ip)
    {
        lock (_gate) // trap: lock
        {
            if (_blocked.Count == 0)
            {
                _fileMutex.WaitOne(); // expect ND1
                try
                {
                    foreach (string line in File.ReadLines("blocklist.txt")) // expect ND1
                    {
                        _blocked.Add(line.Trim());
                    }
                }
                finally
                {
                    _fileMutex.ReleaseMutex(); // trap
                }
            }

            return _blocked.Contains(ip); // trap
        }
    }
}

public sealed class SigningOptions
{
    public string Key { get; set; } = "";
}

/// <summary>Runs once, when the options are first built; not per request.</summary>
public sealed class ConfigureSigning : IConfigureOptions<SigningOptions>
{
    private readonly IWebHostEnvironment _environment;

    public ConfigureSigning(IWebHostEnvironment environment) => _environment = environment;

    public void Configure(SigningOptions options) =>
        options.Key = File.ReadAllText(Path.Combine(_environment.ContentRootPath, "signing.key")); // trap: options set-up
}
