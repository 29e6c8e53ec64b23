using Microsoft.EntityFrameworkCore;
using MongoDB.Driver;
using NoDowntime.Violations;

// ND5: no health checks, no request timeouts, no rate or concurrency limiter in the pipeline, and a shutdown
// timeout far above any pod's grace period.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.AddDbContext<ShopContext>(o => o.UseSqlite("Data Source=violations.db"));
builder.Services.AddScoped<ReportService>();
builder.Services.AddScoped<ReportFormatter>();
builder.Services.AddHostedService<NightlyCleanup>();
builder.Services.AddSingleton<IMongoClient>(new MongoClient("mongodb://127.0.0.1:27017"));
builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase("shop").GetCollection<AuditEntry>("audit"));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));

// ND5: a rate limiter registered but never put in the pipeline (no UseRateLimiter): it limits nothing.
builder.Services.AddRateLimiter(o => o.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(
    _ => System.Threading.RateLimiting.RateLimitPartition.GetConcurrencyLimiter("all", _ => new System.Threading.RateLimiting.ConcurrencyLimiterOptions { PermitLimit = 100 })));

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

// ND3: a token source that ignores the request's token, and fire-and-forget work with no token at all, both
// outliving the request and the shutdown window.
app.MapPost("/customers/{id:int}/welcome", (int id, IHttpClientFactory clients, CancellationToken cancellationToken) =>
{
    CancellationTokenSource cts = new();
    _ = Task.Run(() => clients.CreateClient("partner").PostAsync($"welcome/{id}", null, cts.Token));
    _ = clients.CreateClient("partner").PostAsync($"audit/welcome/{id}", null);
    return Results.Accepted();
});

// ND2: a constant page far above the 1000-row maximum.
app.MapGet("/customers/top", async (ShopContext db, CancellationToken cancellationToken) =>
    await db.Customers.OrderBy(c => c.Id).Take(5000).ToListAsync(cancellationToken));

// ND2 on MongoDB: the whole audit collection, whole documents, in memory; and a page far above the maximum.
app.MapGet("/audit", async (IMongoCollection<AuditEntry> audit, CancellationToken cancellationToken) =>
    await audit.Find(FilterDefinition<AuditEntry>.Empty).ToListAsync(cancellationToken));

app.MapGet("/audit/recent", async (IMongoCollection<AuditEntry> audit, CancellationToken cancellationToken) =>
    await audit.Find(e => e.At > DateTime.UtcNow.AddDays(-1))
        .Project(e => new { e.Action, e.At })
        .Limit(50_000)
        .ToListAsync(cancellationToken));

app.MapGet("/audit/by-action/{action}", async (string action, IMongoCollection<AuditEntry> audit, CancellationToken cancellationToken) =>
    await audit.Find(e => e.Action == action)
        .Project(e => new { e.Action, e.At })
        .ToListAsync(cancellationToken));

// ND4: a process-wide switch flipped by a request.
app.MapPost("/features/new-checkout", () =>
{
    FeatureFlags.NewCheckout = true;
    return Results.NoContent();
});

_ = AdminHost.RunAsync(args, app.Lifetime.ApplicationStopped);
app.Run();
