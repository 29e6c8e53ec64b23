using System.Threading.Tasks;
using NoDowntime.Analyzers.CodeFixes.StaticState;
using NoDowntime.Analyzers.StaticState;
using Xunit;
using VerifyFix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.StaticState.StaticStateAnalyzer, NoDowntime.Analyzers.CodeFixes.StaticState.MakeStaticPropertyGetOnlyFix>;

namespace NoDowntime.Analyzers.Tests.StaticState;

public class MakeStaticPropertyGetOnlyFixTests
{
    [Fact]
    public Task Removes_an_unused_public_setter() => VerifyFix.VerifyAsync("""
        public static class AppInfo
        {
            public static string {|ND4003:Version|} { get; set; } = "1.0";
            public static int {|ND4003:Port|} { get; internal set; }

            static AppInfo()
            {
                Port = 8080;
            }

            public static string Describe() => Version + Port;
        }
        """, """
        public static class AppInfo
        {
            public static string Version { get; } = "1.0";
            public static int Port { get; }

            static AppInfo()
            {
                Port = 8080;
            }

            public static string Describe() => Version + Port;
        }
        """);

    [Fact]
    public Task Keeps_trivia_around_a_multi_line_accessor_list() => VerifyFix.VerifyAsync("""
        public class Defaults
        {
            /// <summary>The region.</summary>
            public static string {|ND4003:Region|}
            {
                get;
                set;
            } = "eu";
        }
        """, """
        public class Defaults
        {
            /// <summary>The region.</summary>
            public static string Region
            {
                get;
            } = "eu";
        }
        """);

    [Fact]
    public Task Is_not_offered_when_the_setter_is_called_at_run_time()
    {
        // The fixed source equals the source: any offered fix would change the text and fail the test.
        var test = VerifyFix.Test("""
            public static class Flags
            {
                public static bool {|ND4003:On|} { get; set; }
                public static void Toggle() => On = !On;
            }
            """, """
            public static class Flags
            {
                public static bool {|ND4003:On|} { get; set; }
                public static void Toggle() => On = !On;
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Is_not_offered_when_an_initialization_helper_sets_the_property()
    {
        // The helper runs during initialization (not state), but a get-only property could not be set there.
        var test = VerifyFix.Test("""
            public static class Settings
            {
                public static int {|ND4003:Port|} { get; set; }
                static Settings() { Load(); }
                private static void Load() => Port = 1;
            }
            """, """
            public static class Settings
            {
                public static int {|ND4003:Port|} { get; set; }
                static Settings() { Load(); }
                private static void Load() => Port = 1;
            }
            """);
        return test.RunAsync();
    }
}
