using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Cancellation;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Cancellation;

/// <summary>All ND3 analyzers together: on realistic code, and on every prefix of it (incomplete code must not throw).</summary>
public class CancellationRobustnessTests
{
    private const string Service = """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public record Order(int Id, string Sku);

        public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
        {
            public DbSet<OrderRow> Orders => Set<OrderRow>();
        }

        public class OrderRow { public int Id { get; set; } public string Sku { get; set; } = ""; }

        [ApiController, Route("orders")]
        public class OrdersController(ShopDb db, HttpClient pricing) : ControllerBase
        {
            [HttpGet("{id}")]
            public async Task<IActionResult> Get(int id, CancellationToken cancellationToken)
            {
                var row = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
                string price = await pricing.GetStringAsync("/price/" + row?.Sku);
                await Task.Delay(5, CancellationToken.None);
                return Ok(price);
            }

            [HttpPost]
            public async Task<IActionResult> Create(Order order)
            {
                db.Orders.Add(new OrderRow { Id = order.Id, Sku = order.Sku });
                await db.SaveChangesAsync();
                _ = Task.Run(() => Console.WriteLine("created"));
                return Accepted();
            }
        }

        public class Outbox(ShopDb db) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (true)
                {
                    using var cts = new CancellationTokenSource();
                    var pending = await db.Orders.Take(10).ToListAsync(cts.Token);
                    await Task.Delay(1000);
                }
            }
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/health/slow", async () => { await Task.Delay(10); return "ok"; });
                app.MapGet("/stream", async (HttpContext context, IAsyncEnumerable<int> numbers) =>
                {
                    await foreach (int n in numbers)
                    {
                        await context.Response.WriteAsync(n.ToString());
                    }
                });
                app.Services.GetRequiredService<IHttpClientFactory>();
            }

            public static void Clients(IServiceCollection services) =>
                services.AddHttpClient("slow", c => c.Timeout = Timeout.InfiniteTimeSpan);
        }
        """;

    private const string MarkedService = """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public record Order(int Id, string Sku);

        public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
        {
            public DbSet<OrderRow> Orders => Set<OrderRow>();
        }

        public class OrderRow { public int Id { get; set; } public string Sku { get; set; } = ""; }

        [ApiController, Route("orders")]
        public class OrdersController(ShopDb db, HttpClient pricing) : ControllerBase
        {
            [HttpGet("{id}")]
            public async Task<IActionResult> Get(int id, CancellationToken cancellationToken)
            {
                var row = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
                string price = await pricing.{|ND3001:GetStringAsync|}("/price/" + row?.Sku);
                await Task.Delay(5, {|ND3002:CancellationToken.None|});
                return Ok(price);
            }

            [HttpPost]
            public async Task<IActionResult> {|ND3003:Create|}(Order order)
            {
                db.Orders.Add(new OrderRow { Id = order.Id, Sku = order.Sku });
                await db.SaveChangesAsync();
                _ = Task.{|ND3007:Run|}(() => Console.WriteLine("created"));
                return Accepted();
            }
        }

        public class Outbox(ShopDb db) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                {|ND3005:while|} (true)
                {
                    using var cts = {|ND3006:new CancellationTokenSource()|};
                    var pending = await db.Orders.Take(10).ToListAsync(cts.Token);
                    await Task.{|ND3001:Delay|}(1000);
                }
            }
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/health/slow", async {|ND3003:()|} => { await Task.Delay(10); return "ok"; });
                app.MapGet("/stream", async (HttpContext context, IAsyncEnumerable<int> numbers) =>
                {
                    await foreach (int n in {|ND3001:numbers|})
                    {
                        await context.Response.{|ND3001:WriteAsync|}(n.ToString());
                    }
                });
                app.Services.GetRequiredService<IHttpClientFactory>();
            }

            public static void Clients(IServiceCollection services) =>
                services.AddHttpClient("slow", c => {|ND3004:c.Timeout = Timeout.InfiniteTimeSpan|});
        }
        """;

    private static DiagnosticAnalyzer[] All() => new DiagnosticAnalyzer[]
    {
        new CancellableCallWithoutTokenAnalyzer(), new NoneTokenWhileAvailableAnalyzer(), new HandlerWithoutTokenAnalyzer(),
        new InfiniteHttpClientTimeoutAnalyzer(), new WorkerLoopIgnoresStoppingTokenAnalyzer(), new UnlinkedTokenSourceAnalyzer(),
        new FireAndForgetWithoutTokenAnalyzer(),
    };

    [Fact]
    public void The_marked_service_is_the_service()
    {
        // Guards the every-prefix source: it must be the realistic source the next test checks, without markup.
        string stripped = System.Text.RegularExpressions.Regex.Replace(MarkedService, @"\{\|ND300\d:|\|\}", string.Empty);
        Assert.Equal(Service, stripped);
    }

    [Fact]
    public Task All_rules_together_find_each_labelled_gap_once_and_nothing_else()
    {
        var test = new AnalyzerTest(All());
        test.Sources.Add(MarkedService);
        return test.RunAsync();
    }

    [Fact]
    public Task A_compliant_service_raises_nothing()
    {
        var test = new AnalyzerTest(All());
        test.Sources.Add("""
            using System.Text.Json;
            using System.Threading.Channels;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class OrderRow { public int Id { get; set; } }

            public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
            {
                public DbSet<OrderRow> Orders => Set<OrderRow>();
            }

            public class Retry
            {
                public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(TimeSpan.FromSeconds(2));
                    return await action(cts.Token);
                }
            }

            [ApiController, Route("orders")]
            public class OrdersController(ShopDb db, HttpClient http, ILogger<OrdersController> logger) : ControllerBase
            {
                [HttpGet("{id}")]
                public async Task<IActionResult> Get(int id, CancellationToken cancellationToken)
                {
                    var row = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
                    string price = await Retry.RunAsync(ct => http.GetStringAsync("/p/" + id, ct), cancellationToken);
                    logger.LogInformation("loaded {Id}", id);
                    return row is null ? NotFound() : Ok(price);
                }

                [HttpPost]
                public async Task<IActionResult> Create(OrderRow row, CancellationToken cancellationToken)
                {
                    await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                    try
                    {
                        db.Orders.Add(row);
                        await db.SaveChangesAsync(cancellationToken);
                        await tx.CommitAsync(cancellationToken);
                    }
                    catch
                    {
                        await tx.RollbackAsync();
                        throw;
                    }

                    HttpContext.Response.OnCompleted(async () => await Task.Delay(1));
                    return Ok();
                }

                [HttpGet]
                public async IAsyncEnumerable<int> Stream([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var row in db.Orders.AsAsyncEnumerable().WithCancellation(cancellationToken))
                    {
                        yield return row.Id;
                    }
                }

                [HttpGet("sync")]
                public IActionResult Sync() => Ok();
            }

            public class AuditMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    await next(context);
                    await context.Response.WriteAsync("x", context.RequestAborted);
                    await JsonSerializer.SerializeAsync(context.Response.Body, 1, cancellationToken: context.RequestAborted);
                }
            }

            public class Pump(Channel<int> channel, ILogger<Pump> logger) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    while (await timer.WaitForNextTickAsync(stoppingToken))
                    {
                        await foreach (int item in channel.Reader.ReadAllAsync(stoppingToken))
                        {
                            logger.LogInformation("{Item}", item);
                        }
                    }
                }
            }

            public class Warmup : IHostedService
            {
                private Task? running;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    running = Task.Run(() => Task.Delay(10, cancellationToken), cancellationToken);
                    return Task.CompletedTask;
                }

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    if (running is not null)
                    {
                        await Task.WhenAny(running, Task.Delay(Timeout.Infinite, cancellationToken));
                    }
                }
            }

            public class NoTokenHelper
            {
                public async Task<int> CountAsync(ShopDb db) => await db.Orders.CountAsync();
            }

            public static class Api
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/orders/{id}", async (int id, ShopDb db, CancellationToken ct) => await db.Orders.FindAsync(new object[] { id }, ct));
                    app.MapGet("/ping", () => "pong");
                    app.MapGet("/yield", async () => { await Task.Yield(); return 1; });
                }
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public async Task No_analyzer_throws_on_any_prefix_of_a_realistic_service()
    {
        int prefixes = await new AnalyzerTest(All()).VerifyEveryPrefixAsync(Service);
        Assert.True(prefixes > 300, "the source should be long enough to exercise many shapes");
    }
}
