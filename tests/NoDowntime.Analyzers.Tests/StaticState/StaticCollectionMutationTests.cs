using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.StaticState.StaticStateAnalyzer>;

namespace NoDowntime.Analyzers.Tests.StaticState;

/// <summary>ND4002: static collections and objects whose contents change at run time.</summary>
public class StaticCollectionMutationTests
{
    [Fact]
    public Task Flags_ConcurrentDictionary_cache_filled_on_demand() => Verify.VerifyAsync("""
        using System.Collections.Concurrent;

        public class PriceService
        {
            private static readonly ConcurrentDictionary<string, decimal> {|#0:Prices|} = new();
            public decimal Get(string sku) => Prices.GetOrAdd(sku, s => s.Length * 1.5m);
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("PriceService.Prices", "PriceService.Get"));

    [Fact]
    public Task Flags_private_readonly_dictionary_filled_by_request_handlers() => Verify.VerifyAsync("""
        public static class SessionEndpoints
        {
            private static readonly Dictionary<string, string> {|#0:Sessions|} = new();

            public static void Map(WebApplication app)
            {
                app.MapPost("/login/{user}", (string user) => { Sessions[user] = Guid.NewGuid().ToString(); return Results.Ok(); });
                app.MapDelete("/login/{user}", (string user) => Sessions.Remove(user));
            }
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("SessionEndpoints.Sessions", "SessionEndpoints.Map"));

    [Theory]
    [InlineData("List<int>", "Items.Add(1)")]
    [InlineData("List<int>", "Items.Clear()")]
    [InlineData("List<int>", "Items.RemoveAt(0)")]
    [InlineData("List<int>", "Items[0] = 2")]
    [InlineData("List<int>", "Items[^1] = 2")]
    [InlineData("HashSet<int>", "Items.Add(1)")]
    [InlineData("Stack<int>", "Items.Push(1)")]
    [InlineData("Queue<int>", "Items.Enqueue(1)")]
    [InlineData("Queue<int>", "Items.TryDequeue(out _)")]
    [InlineData("Dictionary<int, int>", "Items.TryAdd(1, 1)")]
    [InlineData("Dictionary<int, int>", "Items[1] += 1")]
    [InlineData("System.Collections.Concurrent.ConcurrentDictionary<int, int>", "Items.AddOrUpdate(1, 1, (k, v) => v + 1)")]
    [InlineData("System.Collections.Concurrent.ConcurrentQueue<int>", "Items.Enqueue(1)")]
    [InlineData("System.Collections.Concurrent.ConcurrentBag<int>", "Items.Add(1)")]
    [InlineData("int[]", "Items[0] = 1")]
    [InlineData("int[]", "Items[0]++")]
    [InlineData("int[]", "Interlocked.Increment(ref Items[0])")]
    [InlineData("int[]", "Array.Clear(Items)")]
    [InlineData("int[]", "Array.Sort(Items)")]
    [InlineData("System.Text.StringBuilder", "Items.Append('x')")]
    [InlineData("IDictionary<int, int>", "Items.Add(1, 1)")]
    [InlineData("ICollection<int>", "Items.Add(1)")]
    [InlineData("Microsoft.Extensions.Caching.Memory.MemoryCache", "Microsoft.Extensions.Caching.Memory.CacheExtensions.Set(Items, \"k\", 1)")]
    [InlineData("Dictionary<int, int>", "CollectionExtensions.TryAdd(Items, 1, 1)")]
    [InlineData("Dictionary<int, int>", "System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Items, 1, out _)++")]
    [InlineData("System.Threading.Channels.Channel<int>", "Items.Writer.TryWrite(1)")]
    public Task Flags_each_mutation_shape(string type, string mutation) => Verify.VerifyAsync($$"""
        public class Holder
        {
            private static readonly {{type}} {|ND4002:Items|} = Create();
            private static {{type}} Create() => default!;
            public void Change() { {{mutation}}; }
        }
        """);

    [Fact]
    public Task Flags_mutation_through_a_local_alias_and_an_out_variable() => Verify.VerifyAsync("""
        public static class Index
        {
            private static readonly List<string> {|ND4002:Names|} = new();
            private static readonly Dictionary<string, List<string>> {|ND4002:Groups|} = new();
            public static void Add(string group, string name)
            {
                var names = Names;
                names.Add(name);
                if (Groups.TryGetValue(group, out var members))
                {
                    members.Add(name);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_mutation_of_an_element_reached_through_an_indexer() => Verify.VerifyAsync("""
        public static class Buckets
        {
            private static readonly Dictionary<string, List<int>> {|ND4002:ByKey|} = new() { ["a"] = new List<int>() };
            public static void Add(string key, int value) => ByKey[key].Add(value);
        }
        """);

    [Fact]
    public Task Flags_property_set_on_a_shared_mutable_object() => Verify.VerifyAsync("""
        public sealed class Options { public string Region { get; set; } = ""; public int Hits; }
        public static class Current
        {
            private static readonly Options {|#0:Settings|} = new();
            public static void Switch(string region) => Settings.Region = region;
            public static void Hit() => Settings.Hits++;
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("Current.Settings", "Current.Hit and Current.Switch"));

    [Fact]
    public Task Flags_call_to_a_method_of_the_services_own_type_that_changes_it() => Verify.VerifyAsync("""
        public sealed class Registry
        {
            private readonly List<string> names = new();
            private int version;
            public void Register(string name) { names.Add(name); Bump(); }
            public void Touch() => Bump();
            private void Bump() => version++;
            public int Count() => names.Count + version;
        }
        public static class Plugins
        {
            private static readonly Registry {|#0:All|} = new();
            private static readonly Registry Quiet = new();
            public static void Add(string name) => All.Touch();
            public static int Count() => Quiet.Count();
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("Plugins.All", "Plugins.Add"));

    [Fact]
    public Task Flags_static_get_only_property_and_the_field_behind_a_getter() => Verify.VerifyAsync("""
        public static class Audit
        {
            private static readonly List<string> {|#1:entries|} = new();
            public static List<string> Entries => entries;
            public static Queue<string> {|#0:Pending|} { get; } = new();
            public static void Log(string line) { Pending.Enqueue(line); Entries.Add(line); }
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("Audit.Pending", "Audit.Log"),
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(1).WithArguments("Audit.entries", "Audit.Log"));

    [Fact]
    public Task Flags_mutation_of_items_inside_a_foreach() => Verify.VerifyAsync("""
        public sealed class Job { public bool Done { get; set; } }
        public static class Jobs
        {
            private static readonly List<Job> {|ND4002:All|} = new() { new Job() };
            public static void Finish() { foreach (var job in All) { job.Done = true; } }
        }
        """);

    [Fact]
    public Task Flags_non_readonly_collection_filled_at_run_time_once() => Verify.VerifyAsync("""
        public class Cart
        {
            private static List<string> {|#0:lines|} = new();
            public void Add(string sku) => lines.Add(sku);
            public void Reset() => lines = new List<string>();
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Cart.lines", "Cart.Reset"));

    [Fact]
    public Task Leaves_collections_filled_only_during_type_initialization_alone() => Verify.VerifyAsync("""
        public static class Codes
        {
            private static readonly Dictionary<string, int> ByName = new() { ["a"] = 1 };
            private static readonly List<string> Names = new();
            private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal);
            private static readonly int[] Primes = { 2, 3, 5 };
            static Codes()
            {
                Names.Add("a");
                ByName["b"] = 2;
                Fill();
            }
            private static void Fill() { Reserved.Add("admin"); Primes[0] = 2; }
            public static int Lookup(string name) => ByName.TryGetValue(name, out var code) && !Reserved.Contains(name) ? code + Primes[0] + Names.Count : 0;
        }
        """);

    [Fact]
    public Task Leaves_reads_copies_and_linq_alone() => Verify.VerifyAsync("""
        public static class Reads
        {
            private static readonly List<int> Numbers = new() { 3, 1, 2 };
            private static readonly int[] Table = { 1, 2 };
            private static readonly Dictionary<string, int> Map = new();
            public static List<int> Sorted()
            {
                var copy = Numbers.ToList();
                copy.Add(4);
                copy.Sort();
                var local = new List<int>(Numbers);
                local.Clear();
                var reversed = Table.Reverse().Append(5).ToArray();
                reversed[0] = 9;
                int value = Table[0];
                foreach (var (key, v) in Map) { value += v; }
                return copy;
            }
        }
        """);

    [Fact]
    public Task Leaves_immutable_frozen_and_thread_safe_infrastructure_alone() => Verify.VerifyAsync("""
        using System.Collections.Frozen;
        using System.Collections.Immutable;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Buffers;
        using Microsoft.Extensions.ObjectPool;

        public static class Infra
        {
            private static ImmutableList<string> names = ImmutableList<string>.Empty;
            private static readonly ImmutableArray<int> Ids = ImmutableArray.Create(1);
            private static readonly FrozenDictionary<string, int> Map = new Dictionary<string, int>().ToFrozenDictionary();
            private static readonly Meter Meter = new("shop");
            private static readonly Counter<long> Orders = Meter.CreateCounter<long>("orders");
            private static readonly ActivitySource Source = new("shop");
            private static readonly ObjectPool<System.Text.StringBuilder> Pool = ObjectPool.Create<System.Text.StringBuilder>();
            private static readonly AsyncLocal<string?> Tenant = new();
            private static readonly HttpClient Client = new();
            private static readonly object Gate = new();
            private static readonly SemaphoreSlim Throttle = new(4);
            private static readonly string Prefix = "x";

            public static void Handle(string name)
            {
                Orders.Add(1);
                Tenant.Value = name;
                Client.DefaultRequestHeaders.Add("x-name", name);
                var builder = Pool.Get();
                builder.Append(name);
                Pool.Return(builder);
                byte[] buffer = ArrayPool<byte>.Shared.Rent(10);
                ArrayPool<byte>.Shared.Return(buffer);
                var more = Ids.Add(2);
                lock (Gate) { Throttle.Wait(); Throttle.Release(); }
                var replaced = Prefix.Replace("x", "y");
                using var activity = Source.StartActivity("handle");
                _ = Map.Count + more.Length + replaced.Length + names.Count;
            }
        }
        """);

    [Fact]
    public Task Leaves_methods_that_do_not_change_their_object_alone() => Verify.VerifyAsync("""
        public sealed class PriceRules
        {
            private readonly Dictionary<string, decimal> rates = new() { ["eu"] = 1.2m };
            public decimal Apply(string region, decimal net) => rates.TryGetValue(region, out var rate) ? net * rate : net;
        }
        public static class Pricing
        {
            private static readonly PriceRules Rules = new();
            private static readonly Random Random = new();
            public static decimal Quote(string region) => Rules.Apply(region, Random.Next(10));
        }
        """);
}
