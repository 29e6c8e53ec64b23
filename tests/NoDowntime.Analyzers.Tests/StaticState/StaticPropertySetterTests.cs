using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.StaticState.StaticStateAnalyzer>;

namespace NoDowntime.Analyzers.Tests.StaticState;

/// <summary>ND4003: static auto-properties that code outside initialization can set.</summary>
public class StaticPropertySetterTests
{
    [Fact]
    public Task Flags_public_setter_even_when_nothing_sets_it() => Verify.VerifyAsync("""
        public static class AppInfo
        {
            public static string {|#0:Version|} { get; set; } = "1.0";
        }
        """,
        Verify.Diagnostic(Rules.StaticPropertySettable).WithLocation(0).WithArguments("AppInfo.Version", "has a public setter"));

    [Fact]
    public Task Flags_internal_setter_and_names_the_code_that_sets_it() => Verify.VerifyAsync("""
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        Startup.Configuration = app.Configuration;
        app.Run();

        public static class Startup
        {
            public static IConfiguration? {|#0:Configuration|} { get; internal set; }
        }
        """,
        Verify.Diagnostic(Rules.StaticPropertySettable).WithLocation(0).WithArguments("Startup.Configuration", "has an internal setter and is set by Program.Main"));

    [Fact]
    public Task Flags_private_setter_called_by_a_handler() => Verify.VerifyAsync("""
        public class FeatureController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public static bool {|#0:Enabled|} { get; private set; }

            [Microsoft.AspNetCore.Mvc.HttpPost("/feature")]
            public void Toggle() => Enabled = !Enabled;
        }
        """,
        Verify.Diagnostic(Rules.StaticPropertySettable).WithLocation(0).WithArguments("FeatureController.Enabled", "is set by FeatureController.Toggle"));

    [Fact]
    public Task Flags_settable_collection_property_and_names_both_kinds_of_change() => Verify.VerifyAsync("""
        public class Cache
        {
            public static List<string> {|#0:Keys|} { get; protected internal set; } = new();
            public static void Remember(string key) => Keys.Add(key);
        }
        """,
        Verify.Diagnostic(Rules.StaticPropertySettable).WithLocation(0).WithArguments("Cache.Keys", "has a protected internal setter, and its contents are changed by Cache.Remember"));

    [Fact]
    public Task Leaves_get_only_and_privately_initialized_properties_alone() => Verify.VerifyAsync("""
        public static class Defaults
        {
            public static string Name { get; } = "orders";
            public static int Port { get; private set; }
            public static TimeSpan Timeout => TimeSpan.FromSeconds(Port);
            static Defaults() { Port = 8080; }
            private sealed class Holder { public static int Value { get; set; } }
        }
        """);

    [Fact]
    public Task Leaves_properties_with_bodies_to_the_field_rules() => Verify.VerifyAsync("""
        public static class Clock
        {
            private static DateTime {|#0:frozen|};
            public static DateTime Now { get => frozen; set => frozen = value; }
        }
        """,
        Verify.Diagnostic(Rules.StaticFieldWrittenAtRunTime).WithLocation(0).WithArguments("Clock.frozen", "Clock.Now"));

    [Fact]
    public Task Leaves_infrastructure_properties_alone() => Verify.VerifyAsync("""
        public static class Log
        {
            public static ILoggerFactory? Factory { get; set; }
            public static AsyncLocal<string?> Correlation { get; set; } = new();
        }
        """);

    [Fact]
    public Task Flags_static_property_of_a_record() => Verify.VerifyAsync("""
        public record Order(string Id)
        {
            public static int {|ND4003:Created|} { get; set; }
        }
        """);
}
