using System.Threading.Tasks;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Harness;

/// <summary>The harness must pass what is right and fail, readably, on what is wrong.</summary>
public class HarnessTests
{
    private const string TwoFields = """
        class C
        {
            private int [|mutableCount|];
            private readonly int mutableOk = 1;
        }
        """;

    private const string TwoFieldsFixed = """
        class C
        {
            private readonly int mutableCount;
            private readonly int mutableOk = 1;
        }
        """;

    [Fact]
    public Task Passes_when_markup_matches_the_diagnostics() =>
        AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync(TwoFields);

    [Fact]
    public async Task Fails_with_positions_when_a_rule_reports_the_wrong_span()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => AnalyzerVerifier<WrongSpanAnalyzer>.VerifyAsync(TwoFields));

        Assert.Contains("expected but not reported: TEST001 at Test0.cs(3,17)-(3,29) 'mutableCount'", failure.Message);
        Assert.Contains("reported but not expected: TEST001 at Test0.cs(3,5)-(3,30)", failure.Message);
    }

    [Fact]
    public async Task Fails_when_a_diagnostic_is_missing()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync("class C { private readonly int [|mutableX|] = 1; }"));

        Assert.Contains("expected but not reported", failure.Message);
    }

    [Fact]
    public Task Compares_message_arguments_at_numbered_locations() =>
        AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync(
            "class C { private int {|#0:mutableCount|}; }",
            AnalyzerVerifier<MutableFieldAnalyzer>.Diagnostic(MutableFieldAnalyzer.Rule).WithLocation(0).WithArguments("mutableCount"));

    [Fact]
    public async Task Fails_when_the_message_differs()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync(
            "class C { private int {|#0:mutableCount|}; }",
            AnalyzerVerifier<MutableFieldAnalyzer>.Diagnostic(MutableFieldAnalyzer.Rule).WithLocation(0).WithArguments("other")));

        Assert.Contains("expected message: Field 'other' is not readonly", failure.Message);
        Assert.Contains("actual message:   Field 'mutableCount' is not readonly", failure.Message);
    }

    [Fact]
    public async Task Fails_on_a_compiler_error_that_the_test_does_not_mark()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync("class C { private Missing [|mutableX|]; }"));

        Assert.Contains("unexpected: CS0246", failure.Message);
    }

    [Fact]
    public Task Accepts_a_compiler_error_that_the_test_marks() =>
        AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync("class C { private {|CS0246:Missing|} [|mutableX|]; }");

    [Fact]
    public async Task Fails_when_an_analyzer_throws()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            AnalyzerVerifier<ThrowingAnalyzer>.VerifyAsync("class C { private int mutableX; }"));

        Assert.Contains("An analyzer threw", failure.Message);
        Assert.Contains("boom", failure.Message);
    }

    [Fact]
    public async Task Every_prefix_check_names_the_prefix_where_an_analyzer_throws()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            new AnalyzerTest(new ThrowingAnalyzer()).VerifyEveryPrefixAsync("class C { private int mutableX; }"));

        Assert.Contains("On the prefix ending at 30 ('...class C { private int mutableX')", failure.Message);
        Assert.Contains("boom", failure.Message);
    }

    [Fact]
    public async Task Every_prefix_check_counts_the_prefixes_it_analysed()
    {
        int prefixes = await new AnalyzerTest(new MutableFieldAnalyzer()).VerifyEveryPrefixAsync("class C { int x; }");

        Assert.Equal(7, prefixes);
    }

    [Fact]
    public Task Passes_editorconfig_options_to_the_analyzer()
    {
        var test = AnalyzerVerifier<MutableFieldAnalyzer>.Test("class C { private int [|customA|]; private int mutableB; }");
        test.EditorConfigOptions["nodowntime.test.prefix"] = "custom";
        return test.RunAsync();
    }

    [Fact]
    public Task Applies_editorconfig_severity()
    {
        var test = AnalyzerVerifier<MutableFieldAnalyzer>.Test("class C { private int mutableB; }");
        test.EditorConfigOptions["dotnet_diagnostic.TEST001.severity"] = "none";
        return test.RunAsync();
    }

    [Fact]
    public Task Passes_a_correct_fix_including_fix_all() =>
        CodeFixVerifier<MutableFieldAnalyzer, MakeReadonlyFix>.VerifyAsync(TwoFields, TwoFieldsFixed);

    [Fact]
    public Task Fix_all_reaches_every_document()
    {
        var test = new CodeFixTest(new MakeReadonlyFix(), new MutableFieldAnalyzer());
        test.Sources.AddRange(new[] { "class A { int [|mutableA|]; int [|mutableB|]; }", "class B { int [|mutableC|]; }" });
        test.FixedSources.AddRange(new[] { "class A { readonly int mutableA; readonly int mutableB; }", "class B { readonly int mutableC; }" });
        return test.RunAsync();
    }

    [Fact]
    public async Task Fails_with_a_diff_when_the_fixed_text_differs()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            CodeFixVerifier<MutableFieldAnalyzer, MakeReadonlyFix>.VerifyAsync(TwoFields, TwoFields.Replace("[|", "").Replace("|]", "")));

        Assert.Contains("differs from the expected text", failure.Message);
        Assert.Contains("-     private int mutableCount;", failure.Message);
        Assert.Contains("+     private readonly int mutableCount;", failure.Message);
    }

    [Fact]
    public async Task Fails_when_the_fixed_code_does_not_compile()
    {
        const string expectedByTheBrokenFix = """
            class C
            {
                private readonly UnknownType mutableCount;
                private readonly int mutableOk = 1;
            }
            """;

        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            CodeFixVerifier<MutableFieldAnalyzer, NonCompilingFix>.VerifyAsync(TwoFields, expectedByTheBrokenFix));

        Assert.Contains("Compiler errors in the fixed source", failure.Message);
        Assert.Contains("CS0246", failure.Message);
    }

    [Fact]
    public async Task Fails_when_the_test_expects_nothing_to_fix()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            CodeFixVerifier<MutableFieldAnalyzer, MakeReadonlyFix>.VerifyAsync("class C { }", "class C { }"));

        Assert.Contains("expects no diagnostic that MakeReadonlyFix fixes", failure.Message);
    }

    [Fact]
    public Task Test_projects_compile_against_xunit()
    {
        var test = AnalyzerVerifier<MutableFieldAnalyzer>.Test("class C { [Xunit.Fact] public void T() { } }");
        test.References |= ReferenceSet.Xunit;
        return test.RunAsync();
    }

    [Fact]
    public Task Top_level_statements_compile_as_an_executable() =>
        AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync("""
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task Entity_framework_core_is_referenced_by_default() =>
        AnalyzerVerifier<MutableFieldAnalyzer>.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            class Db : DbContext { public DbSet<Order> Orders => Set<Order>(); }
            class Order { public int Id { get; set; } }
            """);

    [Theory]
    [InlineData(ReferenceSet.MongoV2, "IMongoQueryable<Order>")]
    [InlineData(ReferenceSet.MongoV3, "IQueryable<Order>")]
    public Task The_mongo_driver_stub_compiles_in_both_flavours(ReferenceSet flavour, string queryableType)
    {
        var test = AnalyzerVerifier<MutableFieldAnalyzer>.Test($$"""
            using MongoDB.Driver;
            using MongoDB.Driver.Linq;
            class Order { public string Id { get; set; } = ""; public decimal Total { get; set; } }
            class Repository
            {
                public async Task<List<Order>> Recent(IMongoCollection<Order> orders, CancellationToken ct)
                {
                    {{queryableType}} query = orders.AsQueryable();
                    var found = await orders.Find(o => o.Total > 10).Limit(50).ToListAsync(ct);
                    return found;
                }
            }
            """);
        test.References |= flavour;
        return test.RunAsync();
    }
}
