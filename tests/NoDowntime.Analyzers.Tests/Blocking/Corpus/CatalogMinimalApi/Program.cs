using System.Net;
using System.Text.Json;
using CatalogApi;
using Microsoft.Extensions.Caching.Distributed;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDistributedMemoryCache();
builder.Services.AddHttpClient("supplier", c => c.BaseAddress = new Uri(builder.Configuration["Supplier:Url"] ?? "http://supplier"));
builder.Services.AddSingleton<ProductStore>();
builder.Services.AddSingleton<PriceCache>();
builder.Services.AddSingleton<ImageResolver>();

var app = builder.Build();

// Start-up: load the seed catalog once, synchronously, before the host accepts traffic.
var store = app.Services.GetRequiredService<ProductStore>();
store.LoadSeed(Path.Combine(app.Environment.ContentRootPath, "seed.json"));

app.MapGet("/", () => "catalog");

app.MapGet("/health/dns", () =>
{
    IPAddress[] addresses = Dns.GetHostAddresses("supplier"); // expect ND1
    return Results.Ok(addresses.Select(a => a.ToString()));
});

app.MapGet("/config/{key}", (string key, IConfiguration configuration) =>
    configuration[$"Public:{key}"] is { } value ? Results.Ok(value) : Results.NotFound()); // trap: configuration read

var products = app.MapGroup("/api/products");
products.MapGet("/", ListProducts);
products.MapGet("/{id}", CatalogEndpoints.GetProduct);
products.MapPost("/import", ImportAsync)
    .AddEndpointFilter((context, next) =>
    {
        if (!File.Exists("import.enabled")) // trap
        {
            return ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        }

        Thread.Sleep(TimeSpan.FromMilliseconds(20)); // expect ND1: crude pacing of imports
        return next(context);
    });
products.MapGet("/{id}/price", async (string id, PriceCache prices, CancellationToken ct) =>
{
    ValueTask<decimal?> cached = prices.TryGetAsync(id, ct);
    if (cached.IsCompletedSuccessfully)
    {
        return Results.Ok(cached.Result); // trap: guarded by IsCompletedSuccessfully
    }

    return Results.Ok(await cached);
});

products.MapGet("/{id}/stock", StockAsync);
products.MapPost("/{id}/reindex", (string id, ProductStore catalog, ILogger<ProductStore> logger) =>
{
    _ = Task.Run(() =>
    {
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"reindex-{id}.flag"), DateTime.UtcNow.ToString("O")); // expect ND1: blocks a pool thread
        logger.LogInformation("Reindex of {Id} requested", id);
    });
    return Results.Accepted();
});
products.MapGet("/{id}/reviews", (string id, IHttpClientFactory clients) =>
{
    HttpClient reviews = clients.CreateClient("supplier");
    HttpResponseMessage response = reviews.GetAsync($"reviews/{id}").GetAwaiter().GetResult(); // expect ND1
    return response.IsSuccessStatusCode ? Results.Ok(response.Content.ReadAsStringAsync().Result) : Results.NotFound(); // expect ND1
});

products.MapPost("/{id}/photo", (string id, HttpRequest request, ProductStore catalog) =>
{
    IFormCollection form = request.Form; // expect ND1: reads the whole body synchronously
    return form.Files.Count == 0 ? Results.BadRequest() : Results.Accepted($"/api/products/{id}/photo");
});

products.MapGet("/compare", async (string[] ids, IHttpClientFactory clients, CancellationToken ct) =>
{
    HttpClient supplier = clients.CreateClient("supplier");
    Task<string>[] lookups = ids.Select(id => supplier.GetStringAsync($"prices/{id}", ct)).ToArray(); // trap: starts the requests
    await Task.WhenAll(lookups);
    var prices = lookups.Select(t => t.Result).ToList(); // trap: every task completed by the awaited WhenAll
    Task<string> primary = supplier.GetStringAsync("mirror/a", ct);
    Task<string> fallback = supplier.GetStringAsync("mirror/b", ct);
    Task<string> winner = await Task.WhenAny(primary, fallback);
    return Results.Ok(new { prices, mirror = winner.Result }); // trap: the task WhenAny returned is complete
});

app.MapGet("/health/supplier", () =>
{
    using var ping = new System.Net.NetworkInformation.Ping();
    var reply = ping.Send("supplier", 1000); // expect ND1: SendPingAsync exists
    return reply.Status == System.Net.NetworkInformation.IPStatus.Success ? Results.Ok() : Results.StatusCode(503);
});

app.MapCatalogAdmin();

app.Run();

IResult ListProducts(ProductStore catalog, string? category, int page = 1)
{
    var items = catalog.All()
        .Where(p => category is null || p.Category == category)
        .Skip((page - 1) * 20)
        .Take(20)
        .ToList(); // trap: in-memory catalog
    return Results.Ok(items);
}

async Task<IResult> ImportAsync(HttpRequest request, ProductStore catalog, CancellationToken ct)
{
    using var reader = new StreamReader(request.Body);
    string body = reader.ReadToEnd(); // expect ND1
    List<Product>? incoming = JsonSerializer.Deserialize<List<Product>>(body); // trap: deserializes a string
    if (incoming is null)
    {
        return Results.BadRequest();
    }

    await catalog.UpsertAsync(incoming, ct);
    return Results.Accepted();
}

async Task<IResult> StockAsync(string id, IHttpClientFactory clients, CancellationToken ct)
{
    HttpClient supplier = clients.CreateClient("supplier");
    using var request = new HttpRequestMessage(HttpMethod.Get, $"stock/{id}");
    using HttpResponseMessage response = supplier.Send(request, ct); // expect ND1
    if (!response.IsSuccessStatusCode)
    {
        return Results.StatusCode((int)response.StatusCode);
    }

    return Results.Ok(await response.Content.ReadFromJsonAsync<int>(ct));
}
