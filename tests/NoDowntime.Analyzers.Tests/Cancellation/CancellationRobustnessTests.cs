using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
    public async Task No_analyzer_throws_on_any_prefix_of_a_realistic_service()
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree full = CSharpSyntaxTree.ParseText(Service, parseOptions);
        var cuts = full.GetRoot().DescendantTokens().Select(t => t.Span.End).Distinct().ToList();
        ImmutableArray<MetadataReference> references = MetadataReferences.For(ReferenceSet.Default);
        SyntaxTree usings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http;"
            + " global using System.Threading; global using System.Threading.Tasks; global using Microsoft.AspNetCore.Builder; global using Microsoft.AspNetCore.Http;"
            + " global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Hosting;",
            parseOptions);
        ImmutableArray<DiagnosticAnalyzer> analyzers = All().ToImmutableArray();
        var failures = new List<string>();
        foreach (int cut in cuts)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(Service.Substring(0, cut), parseOptions, path: "/src/Prefix.cs");
            var compilation = CSharpCompilation.Create(
                "Prefix",
                new[] { tree, usings },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var exceptions = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, _) =>
                {
                    lock (exceptions)
                    {
                        exceptions.Add(analyzer.GetType().Name + ": " + exception.Message);
                    }
                },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
            exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()));
            if (exceptions.Count > 0)
            {
                failures.Add($"prefix of {cut} chars: {string.Join("; ", exceptions.Distinct())}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
        Assert.True(cuts.Count > 300, "the source should be long enough to exercise many shapes");
    }
}
