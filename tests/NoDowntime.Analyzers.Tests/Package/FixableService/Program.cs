using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using MongoDB.Driver;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDbContext<ShopDb>(options => options.UseSqlite("Data Source=shop.db"));
builder.Services.AddSingleton<IMongoClient>(new MongoClient("mongodb://127.0.0.1:27017"));
builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase("shop").GetCollection<AuditEntry>("audit"));
builder.Services.AddHealthChecks();
builder.Services.AddRateLimiter(options => options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
    _ => RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions { PermitLimit = 100, QueueLimit = 0 })));

var app = builder.Build();
app.UseRateLimiter();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready");

app.MapGet("/orders", async (ShopDb db, CancellationToken cancellationToken) =>
    await db.Orders.Where(o => o.Total > 0).ToListAsync(cancellationToken));

app.MapPost("/orders", async (Order order, ShopDb db, CancellationToken cancellationToken) =>
{
    db.Orders.Add(order);
    await db.SaveChangesAsync();
    return Results.Created($"/orders/{order.Id}", order);
});

app.MapGet("/audit/{action}", async (string action, IMongoCollection<AuditEntry> audit, CancellationToken cancellationToken) =>
    await audit.Find(e => e.Action == action).Project(e => new { e.Action, e.At }).ToListAsync(cancellationToken));

app.MapGet("/banner", async (CancellationToken cancellationToken) =>
{
    await Task.Yield();
    return File.ReadAllText("banner.txt");
});

app.Run();

public sealed class Order
{
    public int Id { get; set; }
    public decimal Total { get; set; }
}

public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();
}

public sealed class AuditEntry
{
    public string Id { get; set; } = "";
    public string Action { get; set; } = "";
    public DateTime At { get; set; }
}

public static class Limits
{
    public static int PageSize { get; set; } = 50;
}
