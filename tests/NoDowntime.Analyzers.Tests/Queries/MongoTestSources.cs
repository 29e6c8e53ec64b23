using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Tests.Verification;

namespace NoDowntime.Analyzers.Tests.Queries;

/// <summary>The document model the MongoDB rule tests share, and runners for the driver's v2 and v3 shapes.</summary>
internal static class MongoTestSources
{
    internal const string Model = """

        public class Order
        {
            public string Id { get; set; } = "";
            public string Status { get; set; } = "";
            public decimal Total { get; set; }
            public string CustomerId { get; set; } = "";
            public List<string> Lines { get; set; } = new();
        }
        public record OrderSummary(string Id, decimal Total);
        """;

    internal static ReferenceSet References(bool v3) => ReferenceSet.AspNetCore | (v3 ? ReferenceSet.MongoV3 : ReferenceSet.MongoV2);

    internal static Task VerifyAsync<TAnalyzer>(bool v3, string source, params ExpectedDiagnostic[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        AnalyzerTest test = AnalyzerVerifier<TAnalyzer>.Test(source + Model);
        test.References = References(v3);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
