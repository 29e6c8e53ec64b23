using Microsoft.EntityFrameworkCore;
using NoDowntime.Violations;

// ND5: no health checks, no request timeouts, no rate or concurrency limiter, and a shutdown timeout far above
// any pod's grace period.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.AddDbContext<ShopContext>(o => o.UseSqlite("Data Source=violations.db"));
builder.Services.AddScoped<ReportService>();
builder.Services.AddScoped<ReportFormatter>();
builder.Services.AddHostedService<NightlyCleanup>();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));

// ND3: an HttpClient that waits forever for a slow partner.
builder.Services.AddHttpClient("partner", client =>
{
    client.BaseAddress = new Uri("http://127.0.0.1:5090/");
    client.Timeout = Timeout.InfiniteTimeSpan;
});

WebApplication app = builder.Build();

using (IServiceScope scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<ShopContext>().Database.EnsureCreated();
}

app.UseMiddleware<TenantMiddleware>();
app.MapControllers();

// ND1: sync-over-async and blocking I/O in minimal API handlers.
app.MapGet("/customers/{id:int}", (int id, ShopContext db) =>
{
    Customer? customer = db.Customers.FirstOrDefaultAsync(c => c.Id == id).Result;
    return customer is null ? Results.NotFound() : Results.Ok(customer);
});

app.MapGet("/banner", () =>
{
    Thread.Sleep(200);
    return File.ReadAllText("banner.txt");
});

// ND2 + ND3: every customer at once, and no CancellationToken although the request has one.
app.MapGet("/customers", async (ShopContext db) => await db.Customers.ToListAsync());

// ND4: a static cache filled by a request handler.
app.MapGet("/prices/{sku}", async (string sku, ShopContext db, CancellationToken cancellationToken) =>
{
    if (!PriceCache.Prices.TryGetValue(sku, out decimal price))
    {
        Product? product = await db.Products.FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);
        price = product?.Price ?? 0m;
        PriceCache.Prices[sku] = price;
    }

    Counters.PriceLookups++;
    return Results.Ok(price);
});

// ND3: fire-and-forget work that outlives the request and the shutdown window, with an unlinked token source.
app.MapPost("/customers/{id:int}/welcome", (int id, IHttpClientFactory clients) =>
{
    CancellationTokenSource cts = new();
    _ = Task.Run(() => clients.CreateClient("partner").PostAsync($"welcome/{id}", null, cts.Token));
    return Results.Accepted();
});

app.Run();
