using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Blocking;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class RobustnessTests
{
    internal const string RealisticSource = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Hosting;

        public class Order { public int Id { get; set; } public string Name { get; set; } = ""; }

        public class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); }

        public interface IOrderService { Task<Order?> LoadAsync(int id, CancellationToken token); Order? Load(int id); }

        public class OrderService : IOrderService
        {
            private readonly ShopContext db;
            private readonly SemaphoreSlim gate = new(1);
            public OrderService(ShopContext db) => this.db = db;
            public Task<Order?> LoadAsync(int id, CancellationToken token) => db.Orders.FirstOrDefaultAsync(o => o.Id == id, token);
            public Order? Load(int id)
            {
                gate.Wait();
                try { return LoadAsync(id, default).Result ?? db.Orders.FirstOrDefault(o => o.Id == id); }
                finally { gate.Release(); }
            }
        }

        [ApiController]
        [Route("api/[controller]")]
        public class OrdersController : ControllerBase
        {
            private readonly IOrderService service;
            public OrdersController(IOrderService service) => this.service = service;

            [HttpGet("{id}")]
            public ActionResult<Order> Get(int id)
            {
                var order = service.Load(id);
                Thread.Sleep(10);
                return order is null ? NotFound() : order;
            }

            [HttpPost]
            public async Task<IActionResult> Post(Order order, CancellationToken token)
            {
                var a = service.LoadAsync(order.Id, token);
                await Task.WhenAll(a);
                var text = System.IO.File.ReadAllText("x.txt");
                return Ok(a.Result?.Name + text);
            }
        }

        public class Worker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(1000, stoppingToken);
                    Helpers.Pause();
                }
            }
        }

        public static class Helpers
        {
            public static void Pause() => Thread.Sleep(5);
            public static Func<int, Task<int>> Make() => async x => { await Task.Yield(); return x; };
        }

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = WebApplication.Create(args);
                var api = app.MapGroup("/v1");
                api.MapGet("/orders/{id}", (int id, IOrderService s) => s.LoadAsync(id, default).Result);
                app.Use(async (context, next) => { context.Request.Body.Read(new byte[1], 0, 1); await next(context); });
                app.Run();
            }
        }
        """;

    [Fact]
    public async Task Realistic_source_produces_the_expected_findings()
    {
        var diagnostics = await AnalyzeAsync(RealisticSource);
        var ids = diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "ND1001", "ND1002", "ND1003", "ND1003", "ND1004", "ND1005", "ND1005", "ND1006" }, ids);
    }

    [Fact]
    public Task Every_token_prefix_of_a_realistic_source_is_analysed_without_an_exception() =>
        new AnalyzerTest(new BlockingCallAnalyzer()).VerifyEveryPrefixAsync(RealisticSource);

    /// <summary>The shapes the corpus added to the classifier and the entry-point detector.</summary>
    internal const string CorpusShapesSource = """
        using System.Collections.Concurrent;
        using System.IO.Compression;
        using Microsoft.EntityFrameworkCore;

        public class Item { public string Name { get; set; } = ""; }
        public class StockContext : DbContext { public DbSet<Item> Items => Set<Item>(); }

        public static class Endpoints
        {
            private static readonly BlockingCollection<string> Queue = new(10);

            public static void Map(WebApplication app)
            {
                app.MapPost("/form", (HttpRequest request, StockContext db) =>
                {
                    var form = request.Form;
                    var names = db.Items.AsEnumerable().Where(i => i.Name.Length > 0).ToList();
                    foreach (var line in File.ReadLines("x.txt")) { }
                    using var buffer = new MemoryStream();
                    using var zip = new ZipArchive(buffer, ZipArchiveMode.Create, true);
                    using var entry = zip.CreateEntry("a").Open();
                    using TextWriter writer = new StringWriter();
                    writer.WriteLine(form.Count);
                    using var resource = typeof(Endpoints).Assembly.GetManifestResourceStream("r") ?? Stream.Null;
                    Queue.TryTake(out var item, 100);
                    return Queue.Take() + names.Count;
                }).AddEndpointFilter((context, next) => { Thread.Sleep(1); return next(context); });
            }
        }
        """;

    [Fact]
    public Task Every_token_prefix_of_the_corpus_shapes_is_analysed_without_an_exception() =>
        new AnalyzerTest(new BlockingCallAnalyzer()).VerifyEveryPrefixAsync(CorpusShapesSource);

    [Fact]
    public async Task A_generated_fifty_thousand_line_file_is_analysed_without_an_exception()
    {
        var source = new StringBuilder();
        source.AppendLine("using Microsoft.AspNetCore.Mvc;");
        int lines = 1;
        int n = 0;
        while (lines < 50_000)
        {
            source.AppendLine($"[Route(\"c{n}\")] public class C{n}Controller : ControllerBase {{");
            source.AppendLine($"  private readonly S{n} s = new S{n}();");
            source.AppendLine($"  [HttpGet(\"{{id}}\")] public int Get(int id) => s.M0(id);");
            source.AppendLine("}");
            source.AppendLine($"public class S{n} {{");
            lines += 5;
            for (int m = 0; m < 40; m++)
            {
                string next = m < 39 ? $"M{m + 1}(x + 1)" : "System.Threading.Tasks.Task.FromResult(x).Result + Blocking(x)";
                source.AppendLine($"  public int M{m}(int x) {{ if (x > 10) {{ return x; }} return {next}; }}");
                lines++;
            }

            source.AppendLine("  private static int Blocking(int x) { System.Threading.Thread.Sleep(x); return x; }");
            source.AppendLine("}");
            lines += 2;
            n++;
        }

        var diagnostics = await AnalyzeAsync(source.ToString());
        Assert.Equal(n, diagnostics.Count(d => d.Id == "ND1005"));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        var test = new AnalyzerTest(new BlockingCallAnalyzer()) { ImplicitUsings = false };
        Project project = test.CreateSolution(new[] { source }).Projects.Single();
        Compilation compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(5)));
        return await test.GetAnalyzerDiagnosticsAsync(project, CancellationToken.None);
    }
}
