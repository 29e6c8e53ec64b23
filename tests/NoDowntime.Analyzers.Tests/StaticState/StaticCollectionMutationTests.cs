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
            private static readonly Dictionary<string, object> {|ND4002:Others|} = new();
            public static void Add(string group, string name)
            {
                var names = Names;
                names.Add(name);
                if (Groups.TryGetValue(group, out var members))
                {
                    members.Add(name);
                }

                if (Others[group] is List<string> others)
                {
                    others.Add(name);
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
            private static List<string>? {|#2:lazy|};
            public static List<string> Entries => entries;
            public static List<string> Lazy => lazy ??= new List<string>();
            public static Queue<string> {|#0:Pending|} { get; } = new();
            public static void Log(string line) { Pending.Enqueue(line); Entries.Add(line); }
            public static void Keep(string line) => Lazy.Add(line);
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("Audit.Pending", "Audit.Log"),
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(1).WithArguments("Audit.entries", "Audit.Log"),
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(2).WithArguments("Audit.lazy", "Audit.Keep"));

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
                var target = Numbers;
                if (copy.Count > 2) { target = new List<int>(); }
                target.Add(1);
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

    [Fact]
    public Task Flags_call_through_an_interface_whose_implementation_changes_its_object() => Verify.VerifyAsync("""
        public interface IOrderStore { void Save(string id); int Count(); }
        public abstract class StoreBase { public abstract void Clear(); }
        public sealed class InMemoryOrderStore : StoreBase, IOrderStore
        {
            private readonly Dictionary<string, DateTime> orders = new();
            public void Save(string id) => orders[id] = DateTime.UtcNow;
            public int Count() => orders.Count;
            public override void Clear() => orders.Clear();
        }
        public static class Orders
        {
            private static readonly IOrderStore {|#0:Store|} = new InMemoryOrderStore();
            private static readonly StoreBase {|#1:Base|} = new InMemoryOrderStore();
            private static readonly IOrderStore ReadOnly = new InMemoryOrderStore();
            public static void Place(string id) => Store.Save(id);
            public static void Reset() => Base.Clear();
            public static int Count() => ReadOnly.Count();
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("Orders.Store", "Orders.Place"),
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(1).WithArguments("Orders.Base", "Orders.Reset"));

    [Fact]
    public Task Flags_collection_behind_Lazy_and_array_copied_into() => Verify.VerifyAsync("""
        public static class Buffers
        {
            private static readonly Lazy<List<string>> {|ND4002:Names|} = new(() => new List<string>());
            private static readonly byte[] {|ND4002:Scratch|} = new byte[16];
            private static readonly Lazy<int[]> Table = new(() => new[] { 1 });
            public static void Add(string name, byte[] data)
            {
                Names.Value.Add(name);
                data.CopyTo(Scratch, 0);
                _ = Table.Value[0];
            }
        }
        """);

    [Fact]
    public Task Leaves_objects_returned_through_out_parameters_of_non_collections_alone() => Verify.VerifyAsync("""
        public sealed class Money { public decimal Amount { get; set; } }
        public sealed class MoneyParser
        {
            public bool TryParse(string text, out Money money) { money = new Money(); return decimal.TryParse(text, out var a) && (money.Amount = a) > 0; }
        }
        public static class Parsing
        {
            private static readonly MoneyParser Parser = new();
            public static Money Parse(string text)
            {
                if (Parser.TryParse(text, out var money)) { money.Amount += 1; }
                return money;
            }
        }
        """);

    [Fact]
    public Task Flags_state_handed_to_a_helper_or_extension_method_that_changes_it() => Verify.VerifyAsync("""
        public static class DictionaryHelpers
        {
            public static void Bump(this Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
            public static void Append(List<string> target, string value) => AddTo(target, value);
            private static void AddTo(List<string> list, string value) { var alias = list; alias.Add(value); }
            public static int Sum(Dictionary<string, int> counts) => counts.Values.Sum();
        }
        public static class Hits
        {
            private static readonly Dictionary<string, int> {|#0:ByPath|} = new();
            private static readonly List<string> {|#1:Paths|} = new();
            private static readonly Dictionary<string, int> Totals = new() { ["a"] = 1 };
            public static void Record(string path)
            {
                ByPath.Bump(path);
                DictionaryHelpers.Append(Paths, path);
                _ = DictionaryHelpers.Sum(Totals);
            }
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("Hits.ByPath", "Hits.Record"),
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(1).WithArguments("Hits.Paths", "Hits.Record"));

    [Fact]
    public Task Leaves_objects_that_only_fill_themselves_while_constructed_alone() => Verify.VerifyAsync("""
        public sealed class Table
        {
            private readonly List<int> rows = new();
            public Table() { rows.Add(1); Init(); }
            private static void Init() { }
            public Table(int n) : this() { for (int i = 0; i < n; i++) rows.Add(i); }
            public int Count => rows.Count;
        }
        public static class Tables
        {
            private static readonly Table Default = new(3);
            public static int Rows() => new Table(Default.Count).Count;
        }
        """);

    [Fact]
    public Task Leaves_per_thread_scratch_buffers_alone() => Verify.VerifyAsync("""
        using System.Text;

        public static class Formatting
        {
            [ThreadStatic]
            private static StringBuilder? cached;
            private static readonly ThreadLocal<StringBuilder> Local = new(() => new StringBuilder());
            public static string Format(string a, string b)
            {
                var sb = cached ??= new StringBuilder();
                sb.Clear().Append(a);
                Local.Value!.Clear().Append(b);
                return sb.ToString() + Local.Value;
            }
        }
        """);

    [Fact]
    public Task Judges_a_virtual_call_by_the_type_the_initializer_creates() => Verify.VerifyAsync("""
        public abstract class Animal { public abstract void Feed(); }
        public sealed class Cat : Animal { private int fed; public override void Feed() => fed++; }
        public sealed class Dog : Animal { public override void Feed() { } }
        public interface IFeeder { void Feed(); }
        public sealed class QuietFeeder : IFeeder { public void Feed() { } }
        public sealed class CountingFeeder : IFeeder { private int count; public void Feed() => count++; }
        public static class Zoo
        {
            private static readonly Animal Pet = new Dog();
            private static readonly Animal {|ND4002:Mouser|} = new Cat();
            private static readonly IFeeder Quiet = new QuietFeeder();
            private static readonly IFeeder {|ND4002:Counting|} = new CountingFeeder();
            private static readonly IFeeder {|ND4002:Unknown|} = Pick();
            private static IFeeder Pick() => new QuietFeeder();
            public static void Morning() { Pet.Feed(); Mouser.Feed(); Quiet.Feed(); Counting.Feed(); Unknown.Feed(); }
        }
        """);

    [Fact]
    public Task Leaves_smart_enum_registries_filled_by_static_instances_alone() => Verify.VerifyAsync("""
        public abstract class Enumeration
        {
            private static readonly List<Enumeration> All = new();
            protected Enumeration(int id, string name) { Id = id; Name = name; All.Add(this); }
            public int Id { get; }
            public string Name { get; }
            public static IEnumerable<Enumeration> List() => All;
        }
        public sealed class OrderStatus : Enumeration
        {
            public static readonly OrderStatus Placed = new(1, "placed");
            public static readonly OrderStatus Shipped = new(2, "shipped");
            private OrderStatus(int id, string name) : base(id, name) { }
        }
        """);

    [Fact]
    public Task Flags_a_constructor_registry_when_objects_are_created_at_run_time() => Verify.VerifyAsync("""
        public sealed class Connection
        {
            private static readonly List<Connection> {|#0:Open|} = new();
            public static readonly Connection Default = new();
            public Connection() { Open.Add(this); }
        }
        public static class Connections
        {
            public static Connection Connect() => new Connection();
        }
        """,
        Verify.Diagnostic(Rules.StaticCollectionMutatedAtRunTime).WithLocation(0).WithArguments("Connection.Open", "Connection.ctor"));
}
