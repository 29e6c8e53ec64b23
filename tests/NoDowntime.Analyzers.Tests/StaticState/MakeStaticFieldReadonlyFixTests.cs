using System.Threading.Tasks;
using Xunit;
using VerifyFix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.StaticState.StaticStateAnalyzer, NoDowntime.Analyzers.CodeFixes.StaticState.MakeStaticFieldReadonlyFix>;

namespace NoDowntime.Analyzers.Tests.StaticState;

public class MakeStaticFieldReadonlyFixTests
{
    [Fact]
    public Task Adds_readonly_after_static_and_keeps_the_contents_flagged() => VerifyFix.VerifyAsync("""
        public class Cart
        {
            private static List<string> {|ND4002:lines|} = new();
            static Dictionary<string, int> {|ND4002:counts|} = new();
            /// <summary>Seen ids.</summary>
            internal static HashSet<string> {|ND4002:Seen|} = new();

            static Cart() { lines = new List<string>(); }

            public void Add(string sku) { lines.Add(sku); counts[sku] = 1; Seen.Add(sku); }
        }
        """, """
        public class Cart
        {
            private static readonly List<string> {|ND4002:lines|} = new();
            static readonly Dictionary<string, int> {|ND4002:counts|} = new();
            /// <summary>Seen ids.</summary>
            internal static readonly HashSet<string> {|ND4002:Seen|} = new();

            static Cart() { lines = new List<string>(); }

            public void Add(string sku) { lines.Add(sku); counts[sku] = 1; Seen.Add(sku); }
        }
        """);

    [Fact]
    public Task Is_not_offered_when_an_initialization_helper_assigns_the_field() => VerifyFix.VerifyAsync("""
        public static class Registry
        {
            private static List<string> {|ND4002:names|} = new();
            static Registry() { Reset(); }
            private static void Reset() => names = new List<string>();
            public static void Add(string name) => names.Add(name);
        }
        """, """
        public static class Registry
        {
            private static List<string> {|ND4002:names|} = new();
            static Registry() { Reset(); }
            private static void Reset() => names = new List<string>();
            public static void Add(string name) => names.Add(name);
        }
        """);

    [Fact]
    public Task Is_not_offered_for_volatile_or_multi_variable_fields() => VerifyFix.VerifyAsync("""
        public static class Pair
        {
            private static volatile List<int> {|ND4002:left|} = new();
            private static List<int> {|ND4002:a|} = new(), {|ND4002:b|} = new();
            public static void Add(int x) { left.Add(x); a.Add(x); b.Add(x); }
        }
        """, """
        public static class Pair
        {
            private static volatile List<int> {|ND4002:left|} = new();
            private static List<int> {|ND4002:a|} = new(), {|ND4002:b|} = new();
            public static void Add(int x) { left.Add(x); a.Add(x); b.Add(x); }
        }
        """);
}
