using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
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
    public async Task Does_not_throw_on_any_prefix_of_a_realistic_service()
    {
        var references = MetadataReferences.For(ReferenceSet.Default);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var tokens = CSharpSyntaxTree.ParseText(RealisticService, parseOptions).GetRoot().DescendantTokens().ToList();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new StaticStateAnalyzer());
        var failures = new List<string>();

        foreach (int cut in tokens.Select(t => t.Span.End).Distinct())
        {
            string prefix = RealisticService.Substring(0, cut);
            var compilation = CSharpCompilation.Create(
                "Prefix",
                new[] { CSharpSyntaxTree.ParseText(prefix, parseOptions, "/src/Test0.cs") },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                {
                    lock (failures)
                    {
                        failures.Add($"cut at {cut}: {exception.GetType().Name}: {exception.Message}");
                    }
                },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
            failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => $"cut at {cut}: {d.GetMessage()}"));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Distinct().Take(20)));
    }

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
