using System.Threading.Tasks;
using NoDowntime.Analyzers.StaticState;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.StaticState;

/// <summary>The analyzer must never throw, whatever half-typed code it meets.</summary>
public class StaticStateRobustnessTests
{
    private const string RealisticService = """
        using System.Collections.Concurrent;
        using Microsoft.AspNetCore.Mvc;

        namespace Shop;

        public sealed record Line(string Sku, int Quantity);

        public partial class CartController : ControllerBase
        {
            private static readonly ConcurrentDictionary<string, List<Line>> Carts = new();
            private static int requests;
            private static readonly int[] Histogram = new int[10];
            public static string? LastUser { get; private set; }

            static CartController() { Seed(); }
            private static void Seed() => Carts["demo"] = new List<Line>();

            [HttpPost("/carts/{id}")]
            public IActionResult Add(string id, Line line)
            {
                Interlocked.Increment(ref requests);
                Histogram[line.Quantity % 10]++;
                var lines = Carts.GetOrAdd(id, _ => new List<Line>());
                lock (lines) { lines.Add(line); }
                if (Carts.TryGetValue(id, out var existing)) { existing.Add(line with { Quantity = 1 }); }
                (LastUser, _) = (id, 0);
                ref int slot = ref Histogram[0];
                slot = 1;
                return Ok(lines.Count);
            }
        }
        """;

    [Fact]
    public Task Does_not_throw_on_any_prefix_of_a_realistic_service() =>
        new AnalyzerTest(new StaticStateAnalyzer()).VerifyEveryPrefixAsync(RealisticService);

    [Fact]
    public async Task Finds_the_state_in_the_complete_realistic_service()
    {
        var test = AnalyzerVerifier<StaticStateAnalyzer>.Test(RealisticService
            .Replace("ConcurrentDictionary<string, List<Line>> Carts", "ConcurrentDictionary<string, List<Line>> {|ND4002:Carts|}")
            .Replace("static int requests", "static int {|ND4001:requests|}")
            .Replace("int[] Histogram", "int[] {|ND4002:Histogram|}")
            .Replace("LastUser {", "{|ND4003:LastUser|} {"));
        await test.RunAsync();
    }
}
