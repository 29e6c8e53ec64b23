using System.Threading.Tasks;
using NoDowntime.Analyzers.StaticState;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.StaticState.StaticStateAnalyzer>;

namespace NoDowntime.Analyzers.Tests.StaticState;

/// <summary>ND4001: static fields assigned outside their initializer and static constructor.</summary>
public class StaticFieldWriteTests
{
    [Fact]
    public Task Flags_counter_incremented_by_a_handler_and_names_the_writer() => Verify.VerifyAsync("""
        public class Stats
        {
            private static int {|#0:requests|};
            public void OnRequest() => requests++;
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Stats.requests", "Stats.OnRequest"));

    [Fact]
    public Task Flags_plain_assignment_in_a_controller_action() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class TenantController : ControllerBase
        {
            private static string? {|ND4001:currentTenant|};

            [HttpPost("/tenant/{id}")]
            public IActionResult Select(string id)
            {
                currentTenant = id;
                return Ok(currentTenant);
            }
        }
        """);

    [Fact]
    public Task Flags_Interlocked_updates() => Verify.VerifyAsync("""
        public static class Sequence
        {
            private static long {|#0:last|};
            public static long Next() => Interlocked.Increment(ref last);
            public static long Peek() => Interlocked.Read(ref last);
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Sequence.last", "Sequence.Next"));

    [Fact]
    public Task Flags_ThreadStatic_field_written_at_run_time() => Verify.VerifyAsync("""
        public static class Ambient
        {
            [ThreadStatic]
            private static string? {|ND4001:user|};
            public static void Enter(string name) => user = name;
            public static string? Current => user;
        }
        """);

    [Fact]
    public Task Flags_compound_and_coalescing_assignment_and_out_argument() => Verify.VerifyAsync("""
        public class Totals
        {
            private static decimal {|#0:sum|};
            private static List<int>? {|#1:seen|};
            private static int {|#2:parsed|};
            public void Add(decimal amount) => sum += amount;
            public List<int> Seen(List<int> first) => seen ??= first;
            public bool Parse(string text) => int.TryParse(text, out parsed);
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Totals.sum", "Totals.Add"),
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(1).WithArguments("Totals.seen", "Totals.Seen"),
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(2).WithArguments("Totals.parsed", "Totals.Parse"));

    [Fact]
    public Task Flags_field_written_from_a_constructor_and_another_type() => Verify.VerifyAsync("""
        public class Handler
        {
            internal static IServiceProvider? {|#0:services|};
            public Handler(IServiceProvider provider) { services = provider; }
        }

        public static class Boot
        {
            public static void Reset() => Handler.services = null;
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Handler.services", "Boot.Reset and Handler.ctor"));

    [Fact]
    public Task Names_a_few_writers_and_counts_the_rest() => Verify.VerifyAsync("""
        public static class Flag
        {
            public static bool {|#0:on|};
            public static void A() => on = true;
            public static void B() => on = false;
            public static void C() => on = !on;
            public static void D() => on = true;
            public static void E() { on = false; on = true; }
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Flag.on", "Flag.A, Flag.B, Flag.C and 2 more"));

    [Fact]
    public Task Flags_write_in_a_lambda_inside_the_static_constructor() => Verify.VerifyAsync("""
        public static class Clock
        {
            private static DateTime {|ND4001:lastTick|};
            private static readonly Timer timer;
            static Clock() { timer = new Timer(_ => lastTick = DateTime.UtcNow, null, 0, 1000); }
        }
        """);

    [Fact]
    public Task Flags_writes_through_a_writable_ref() => Verify.VerifyAsync("""
        public static class Slots
        {
            private static int {|ND4001:value|};
            public static void Bump() { ref int slot = ref value; slot++; }
        }
        """);

    [Fact]
    public Task Flags_field_in_a_generic_type_written_through_a_constructed_type() => Verify.VerifyAsync("""
        public static class Last<T>
        {
            public static T? {|#0:Value|};
        }

        public class Recorder
        {
            public void Record(int x) => Last<int>.Value = x;
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Last.Value", "Recorder.Record"));

    [Fact]
    public Task Flags_field_of_a_partial_class_written_in_another_file()
    {
        var test = Verify.Test(
            "public partial class Registry { private static int {|ND4001:version|}; }",
            "public partial class Registry { public void Bump() => version++; }");
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_field_written_in_top_level_statements() => Verify.VerifyAsync("""
        Settings.ConnectionString = args.Length > 0 ? args[0] : "";

        public static class Settings
        {
            public static string {|#0:ConnectionString|} = "";
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Settings.ConnectionString", "Program.Main"));

    [Fact]
    public Task Flags_tuple_deconstruction_into_static_fields() => Verify.VerifyAsync("""
        public static class Window
        {
            private static int {|ND4001:from|};
            private static int {|ND4001:to|};
            public static void Move(int a, int b) => (from, to) = (a, b);
        }
        """);

    [Fact]
    public Task Flags_member_set_on_a_struct_held_in_a_static_field() => Verify.VerifyAsync("""
        public struct Point { public int X; }
        public static class Cursor
        {
            private static Point {|ND4001:position|};
            public static void MoveTo(int x) => position.X = x;
        }
        """);

    [Fact]
    public Task Leaves_const_and_never_written_fields_alone() => Verify.VerifyAsync("""
        public static class Limits
        {
            public const int Max = 10;
            private static int retries = 3;
            public static string Name = "orders";
            private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
            public static int Retries => retries;
            public static int Total(int x) => x + retries + Max + Name.Length + (int)Timeout.TotalSeconds;
        }
        """);

    [Fact]
    public Task Leaves_writes_in_the_static_constructor_and_initializers_alone() => Verify.VerifyAsync("""
        public static class Config
        {
            private static string region;
            private static int port = 80;
            private static readonly int derived = port++;
            static Config()
            {
                region = Environment.GetEnvironmentVariable("REGION") ?? "eu";
                Local();
                void Local() => port = 8080;
            }
            public static string Describe() => region + port + derived;
        }
        """);

    [Fact]
    public Task Leaves_private_helpers_called_only_by_the_static_constructor_alone() => Verify.VerifyAsync("""
        public static class Catalog
        {
            private static string[] names;
            private static int count;
            static Catalog() { Load(); }
            private static void Load() { names = new[] { "a", "b" }; Count(); }
            private static void Count() => count = names.Length;
            public static int Size => count;
        }
        """);

    [Fact]
    public Task Flags_private_helper_that_a_handler_also_calls() => Verify.VerifyAsync("""
        public static class Catalog
        {
            private static string[] {|#0:names|};
            static Catalog() { Load(); }
            private static void Load() => names = new[] { "a" };
            public static void Reload() => Load();
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Catalog.names", "Catalog.Load"));

    [Fact]
    public Task Flags_write_from_another_types_static_constructor() => Verify.VerifyAsync("""
        public static class Target { public static int {|ND4001:Value|}; }
        public static class Other { static Other() { Target.Value = 1; } public static void Touch() { } }
        """);

    [Fact]
    public Task Leaves_infrastructure_types_alone_even_when_assigned() => Verify.VerifyAsync("""
        using System.Diagnostics;
        using System.Text.Json;
        using System.Text.RegularExpressions;

        public class Telemetry
        {
            private static ILogger? logger;
            private static ActivitySource source = new("a");
            private static HttpClient client = new();
            private static JsonSerializerOptions json = new();
            private static Regex pattern = new("a+");
            private static readonly object gate = new();
            private static Lazy<string> lazy = new(() => "x");
            public Telemetry(ILogger<Telemetry> log)
            {
                logger = log;
                source = new ActivitySource("b");
                client = new HttpClient();
                json = new JsonSerializerOptions();
                pattern = new Regex("b");
                lazy = new Lazy<string>(() => "y");
            }
        }
        """);

    [Fact]
    public Task Leaves_one_time_lazy_initialization_alone() => Verify.VerifyAsync("""
        public sealed class Catalog
        {
            private static Catalog? instance;
            private static Dictionary<string, int>? codes;
            private static List<string>? names;
            private static readonly object Gate = new();
            public static Catalog Instance => instance ??= new Catalog();
            public static Dictionary<string, int> Codes
            {
                get
                {
                    if (codes == null)
                    {
                        lock (Gate)
                        {
                            if (codes == null)
                            {
                                codes = new Dictionary<string, int> { ["a"] = 1 }.ToDictionary(p => p.Key, p => p.Value);
                            }
                        }
                    }

                    return codes;
                }
            }
            public static List<string> Names()
            {
                if (names is null) names = new List<string>();
                return names;
            }
        }
        """);

    [Fact]
    public Task Flags_lazy_looking_initialization_from_request_data() => Verify.VerifyAsync("""
        public sealed class TenantCache
        {
            private static string? {|ND4001:tenant|};
            private static string? {|ND4001:region|};
            public string Tenant(HttpContext context) => tenant ??= context.Request.Host.Host;
            public string Region(string fromHeader)
            {
                if (region == null) region = fromHeader;
                return region;
            }
        }
        """);

    [Fact]
    public Task Leaves_LazyInitializer_alone() => Verify.VerifyAsync("""
        public static class Expensive
        {
            private static List<string>? table;
            public static List<string> Table => LazyInitializer.EnsureInitialized(ref table, () => new List<string> { "a" });
        }
        """);

    [Fact]
    public Task Leaves_instance_fields_and_locals_alone() => Verify.VerifyAsync("""
        public class Counter
        {
            private int count;
            public int Next() { int local = 0; local++; return ++count + local; }
        }
        """);

    [Fact]
    public Task Leaves_static_events_alone() => Verify.VerifyAsync("""
        public static class Bus
        {
            public static event EventHandler? Changed;
            public static void Raise() => Changed?.Invoke(null, EventArgs.Empty);
        }
        public class Listener
        {
            public Listener() { Bus.Changed += OnChanged; }
            private void OnChanged(object? sender, EventArgs e) { }
        }
        """);

    [Fact]
    public Task Leaves_test_projects_alone()
    {
        var test = Verify.Test("""
            public static class Fixture { private static int runs; public static void Run() => runs++; }
            """);
        test.References |= Verification.ReferenceSet.Xunit;
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_generated_code_alone()
    {
        var test = Verify.Test("""
            // <auto-generated/>
            public static class Generated { private static int hits; public static void Hit() => hits++; }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_types_named_in_the_allowed_types_option_alone()
    {
        var test = Verify.Test("""
            namespace Shop;
            public sealed class Tracker { }
            public static class Setup
            {
                private static Tracker? tracker;
                private static List<int> {|ND4001:ids|} = new();
                public static void Init() { tracker = new Tracker(); ids = new List<int>(); }
            }
            """);
        test.EditorConfigOptions["nodowntime.static_state.allowed_types"] = "Shop.Tracker, Some.Other`1";
        return test.RunAsync();
    }
}
