using System.Threading.Tasks;
using Xunit;
using VerifyFix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.StaticState.StaticStateAnalyzer, NoDowntime.Analyzers.CodeFixes.StaticState.UseFrozenCollectionFix>;

namespace NoDowntime.Analyzers.Tests.StaticState;

public class UseFrozenCollectionFixTests
{
    [Fact]
    public Task Turns_a_dictionary_filled_in_its_initializer_into_a_FrozenDictionary() => VerifyFix.VerifyAsync("""
        public static class Codes
        {
            public static Dictionary<string, int> {|ND4003:ByRegion|} { get; set; } = new()
            {
                ["eu"] = 1,
                ["us"] = 2,
            };

            public static int Lookup(string region) =>
                ByRegion.TryGetValue(region, out var code) ? code : ByRegion["eu"] + ByRegion.Count;
        }
        """, """
        using System.Collections.Frozen;

        public static class Codes
        {
            public static FrozenDictionary<string, int> ByRegion { get; } = new Dictionary<string, int>
            {
                ["eu"] = 1,
                ["us"] = 2,
            }.ToFrozenDictionary();

            public static int Lookup(string region) =>
                ByRegion.TryGetValue(region, out var code) ? code : ByRegion["eu"] + ByRegion.Count;
        }
        """);

    [Fact]
    public Task Keeps_the_comparer_and_adds_the_using_in_order() => VerifyFix.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Http;

        public static class Reserved
        {
            public static HashSet<string> {|ND4003:Names|} { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "admin", "root" };

            public static bool IsReserved(string name) => Names.Contains(name) || Names.Any(n => name.StartsWith(n));
        }
        """, """
        using System;
        using System.Collections.Frozen;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Http;

        public static class Reserved
        {
            public static FrozenSet<string> Names { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "admin", "root" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

            public static bool IsReserved(string name) => Names.Contains(name) || Names.Any(n => name.StartsWith(n));
        }
        """);

    [Fact]
    public Task Turns_lists_and_arrays_into_ImmutableArray() => VerifyFix.VerifyAsync("""
        namespace Shop;

        public class Currencies
        {
            public static List<string> {|ND4003:Codes|} { get; set; } = new() { "EUR", "USD" };
            public static int[] {|ND4003:Steps|} { get; set; } = new[] { 1, 5, 10 };
            public static string[] {|ND4003:Fallbacks|} { get; set; } = ["EUR"];

            public string First() => Codes[0] + Steps[1] + Fallbacks.Length + string.Join(",", Codes.Where(c => c.Length == 3));
        }
        """, """
        using System.Collections.Immutable;

        namespace Shop;

        public class Currencies
        {
            public static ImmutableArray<string> Codes { get; } = new List<string> { "EUR", "USD" }.ToImmutableArray();
            public static ImmutableArray<int> Steps { get; } = new[] { 1, 5, 10 }.ToImmutableArray();
            public static ImmutableArray<string> Fallbacks { get; } = ["EUR"];

            public string First() => Codes[0] + Steps[1] + Fallbacks.Length + string.Join(",", Codes.Where(c => c.Length == 3));
        }
        """);

    [Fact]
    public Task Is_not_offered_when_a_use_would_no_longer_compile() => VerifyFix.VerifyAsync("""
        public static class Lookups
        {
            public static List<string> {|ND4003:Names|} { get; set; } = new() { "a" };
            public static Dictionary<string, int> {|ND4003:Map|} { get; set; } = new() { ["a"] = 1 };
            public static int Count() => Names.Count + Use(Map);
            private static int Use(Dictionary<string, int> map) => map.Count;
        }
        """, """
        public static class Lookups
        {
            public static List<string> {|ND4003:Names|} { get; set; } = new() { "a" };
            public static Dictionary<string, int> {|ND4003:Map|} { get; set; } = new() { ["a"] = 1 };
            public static int Count() => Names.Count + Use(Map);
            private static int Use(Dictionary<string, int> map) => map.Count;
        }
        """);

    [Fact]
    public Task Is_not_offered_when_the_collection_changes_at_run_time() => VerifyFix.VerifyAsync("""
        public static class Seen
        {
            public static HashSet<string> {|ND4003:Ids|} { get; set; } = new();
            public static void Mark(string id) => Ids.Add(id);
        }
        """, """
        public static class Seen
        {
            public static HashSet<string> {|ND4003:Ids|} { get; set; } = new();
            public static void Mark(string id) => Ids.Add(id);
        }
        """);

    [Fact]
    public Task Is_not_offered_when_the_initializer_copies_another_collection() => VerifyFix.VerifyAsync("""
        public static class Copies
        {
            private static readonly Dictionary<string, int> Source = new(StringComparer.OrdinalIgnoreCase);
            public static Dictionary<string, int> {|ND4003:Copy|} { get; set; } = new(Source);
        }
        """, """
        public static class Copies
        {
            private static readonly Dictionary<string, int> Source = new(StringComparer.OrdinalIgnoreCase);
            public static Dictionary<string, int> {|ND4003:Copy|} { get; set; } = new(Source);
        }
        """);
}
