using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Tests.Verification;

namespace NoDowntime.Analyzers.Tests.Queries;

/// <summary>Which MongoDB driver a test source compiles against.</summary>
public enum MongoFlavour
{
    /// <summary>The stub with the 2.30 API surface (tests/MongoDB.Driver.Stub).</summary>
    V2Stub,

    /// <summary>The stub with the 3.x API surface.</summary>
    V3Stub,

    /// <summary>The real MongoDB.Driver package: proves the rules read the driver's own metadata, not just the stub's.</summary>
    V3Package,
}

/// <summary>The document model the MongoDB rule tests share, and runners for each driver flavour.</summary>
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

    internal static ReferenceSet References(MongoFlavour driver) => ReferenceSet.AspNetCore | driver switch
    {
        MongoFlavour.V2Stub => ReferenceSet.MongoV2,
        MongoFlavour.V3Stub => ReferenceSet.MongoV3,
        _ => ReferenceSet.MongoPackage,
    };

    internal static Task VerifyAsync<TAnalyzer>(MongoFlavour driver, string source, params ExpectedDiagnostic[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        AnalyzerTest test = AnalyzerVerifier<TAnalyzer>.Test(source + Model);
        test.References = References(driver);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
