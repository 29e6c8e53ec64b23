using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.StaticState.StaticStateAnalyzer>;

namespace NoDowntime.Analyzers.Tests.StaticState;

/// <summary>
/// Two small but realistic services, every piece of static state marked: each must be found, and nothing else
/// (infrastructure, lookups filled at start-up, lazy singletons, per-request objects) may be reported.
/// </summary>
public class RealisticServiceTests
{
    private const string Program = """
        using System.Collections.Concurrent;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Text.Json;
        using System.Text.RegularExpressions;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Caching.Memory;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddHostedService<Cleanup>();
        var app = builder.Build();
        AppGlobals.Services = app.Services;
        Startup.Env = app.Environment.EnvironmentName;
        var todos = new List<string>();
        app.MapGet("/todos", () => todos);
        app.MapPost("/todos", (string t) => { todos.Add(t); Metrics.Requests.Add(1); RequestStats.Hit(); return Results.Ok(); });
        app.MapGet("/ping", () => { Interlocked.Increment(ref RequestStats.Pings); return "pong"; });
        app.Run();

        public static class AppGlobals { public static IServiceProvider? {|ND4003:Services|} { get; set; } }
        public static class Startup { public static string {|ND4001:Env|} = ""; }

        public static class Metrics
        {
            public static readonly Meter Meter = new("shop");
            public static readonly Counter<long> Requests = Meter.CreateCounter<long>("requests");
            public static readonly ActivitySource Source = new("shop");
        }

        public static class RequestStats
        {
            public static long {|ND4001:Pings|};
            private static readonly ConcurrentDictionary<string, long> {|ND4002:ByPath|} = new();
            private static readonly object Gate = new();
            private static DateTime started = DateTime.UtcNow;
            public static void Hit() => ByPath.AddOrUpdate("x", 1, (_, v) => v + 1);
            public static TimeSpan Uptime => DateTime.UtcNow - started;
        }

        public sealed record Order(string Id, decimal Total);

        public sealed class OrderStore
        {
            private readonly ConcurrentDictionary<string, Order> orders = new();
            public void Save(Order o) => orders[o.Id] = o;
            public Order? Find(string id) => orders.TryGetValue(id, out var o) ? o : null;
        }

        [ApiController]
        [Route("orders")]
        public class OrdersController : ControllerBase
        {
            private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
            private static readonly Regex IdPattern = new("^[a-z0-9]+$", RegexOptions.Compiled);
            private static readonly HttpClient Client = new();
            private static readonly Dictionary<string, decimal> Discounts = new() { ["vip"] = 0.1m };
            private static readonly MemoryCache {|ND4002:Recent|} = new(new MemoryCacheOptions());
            private static Order? {|ND4001:lastOrder|};
            private static readonly Action<ILogger, string, Exception?> LogSaved = LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "Saved {Id}");
            private static readonly string[] Allowed = { "a", "b" };
            private static readonly List<string> {|ND4002:AuditTrail|} = new();
            private readonly OrderStore store;
            private readonly ILogger<OrdersController> logger;

            public OrdersController(OrderStore store, ILogger<OrdersController> logger) { this.store = store; this.logger = logger; }

            [HttpPost]
            public IActionResult Create(Order order)
            {
                if (!IdPattern.IsMatch(order.Id) || !Allowed.Contains(order.Id)) return BadRequest();
                var total = Discounts.TryGetValue("vip", out var d) ? order.Total * (1 - d) : order.Total;
                store.Save(order with { Total = total });
                Recent.Set(order.Id, order);
                lastOrder = order;
                lock (AuditTrail) { AuditTrail.Add(order.Id); }
                LogSaved(logger, order.Id, null);
                return Ok(JsonSerializer.Serialize(order, Json));
            }
        }

        public sealed class Cleanup : BackgroundService
        {
            private static int {|ND4001:runs|};
            private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
            private static readonly SemaphoreSlim Gate = new(1);
            protected override async Task ExecuteAsync(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested) { await Gate.WaitAsync(ct); runs++; Gate.Release(); await Task.Delay(Period, ct); }
            }
        }

        public sealed class Singleton
        {
            private static Singleton? instance;
            private static readonly object Lock = new();
            public static Singleton Instance { get { lock (Lock) { return instance ??= new Singleton(); } } }
        }

        public static class FeatureFlags
        {
            private static readonly Dictionary<string, bool> Flags = new(StringComparer.OrdinalIgnoreCase) { ["new-ui"] = true };
            public static bool IsOn(string name) => Flags.TryGetValue(name, out var on) && on;
            public static IReadOnlyDictionary<string, bool> All => Flags;
        }

        public static class TypeCache
        {
            private static readonly ConcurrentDictionary<Type, string[]> {|ND4002:Names|} = new();
            public static string[] For(Type t) => Names.GetOrAdd(t, x => x.GetProperties().Select(p => p.Name).ToArray());
        }
        """;

    private const string Domain = """
        using System.Collections.Concurrent;
        using System.Collections.Frozen;
        using System.Reflection;
        using System.Text;
        using Microsoft.Extensions.Options;

        namespace Shop.More;

        public static class ServiceCollectionExtensions
        {
            public static IServiceCollection AddShop(this IServiceCollection services)
            {
                services.Add(ServiceDescriptor.Singleton<Clock, Clock>());
                services.AddSingleton<Registry>();
                return services;
            }
        }

        public sealed class Clock { public DateTime Now => DateTime.UtcNow; }

        public sealed class Registry
        {
            private readonly List<string> names = new();
            public void Add(string n) => names.Add(n);
        }

        public static class Handlers
        {
            private static readonly Dictionary<string, Type> ByName;
            private static readonly FrozenDictionary<string, int> Codes = new Dictionary<string, int> { ["a"] = 1 }.ToFrozenDictionary();
            private static readonly List<Func<string, bool>> {|ND4002:Rules|} = new();
            static Handlers()
            {
                ByName = new Dictionary<string, Type>();
                foreach (var t in typeof(Handlers).Assembly.GetTypes()) ByName[t.Name] = t;
            }
            public static void AddRule(Func<string, bool> rule) => Rules.Add(rule);
            public static Type? Find(string n) => ByName.GetValueOrDefault(n);
            public static int Code(string n) => Codes.GetValueOrDefault(n);
        }

        public static class EnumCache<T> where T : struct, Enum
        {
            private static readonly Dictionary<string, T> Values = Enum.GetValues<T>().ToDictionary(v => v.ToString());
            public static T Parse(string s) => Values[s];
        }

        public sealed class PageBuilder
        {
            private static readonly string[] Headers = { "a", "b" };
            private static readonly byte[] Empty = Array.Empty<byte>();
            public string Build(IEnumerable<string> rows)
            {
                var sb = new StringBuilder();
                foreach (var h in Headers) sb.Append(h);
                var copy = (string[])Headers.Clone();
                copy[0] = "x";
                Array.Sort(copy);
                var span = Headers.AsSpan();
                return sb.ToString() + span.Length + Empty.Length;
            }
        }

        public sealed class Settings { public string Region { get; set; } = "eu"; public List<string> Hosts { get; } = new(); }

        public static class SettingsHolder
        {
            public static readonly Settings Default = new() { Region = "us", Hosts = { "a" } };   // never mutated
            public static Settings Clone() => new() { Region = Default.Region };
        }

        public abstract class Animal { public abstract void Feed(); }
        public sealed class Cat : Animal { private int fed; public override void Feed() => fed++; }
        public sealed class Dog : Animal { public override void Feed() { } }

        public static class Zoo
        {
            private static readonly Animal Pet = new Dog();
            public static void Morning() => Pet.Feed();
        }

        public sealed class Worker
        {
            private static readonly SemaphoreSlim Gate = new(1, 1);
            private static readonly CancellationTokenSource Stop = new();
            private static readonly TaskCompletionSource Ready = new();
            public async Task RunAsync() { await Gate.WaitAsync(); try { Ready.TrySetResult(); } finally { Gate.Release(); } Stop.Cancel(); }
        }

        public sealed record Money(decimal Amount)
        {
            public static readonly Money Zero = new(0);
            public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);
        }

        public static class Totals
        {
            private static Money {|ND4001:total|} = Money.Zero;
            public static void Add(Money m) => total += m;
        }

        public sealed class OptionsUser(IOptions<Settings> options)
        {
            private static readonly object Sync = new();
            public string Region() { lock (Sync) { return options.Value.Region; } }
        }
        """;

    [Fact]
    public Task Finds_all_static_state_and_nothing_else_in_a_realistic_service() =>
        Verify.Test(Program, Domain).RunAsync();
}
