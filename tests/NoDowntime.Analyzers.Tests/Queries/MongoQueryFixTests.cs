using System.Threading.Tasks;
using NoDowntime.Analyzers.CodeFixes.Queries;
using NoDowntime.Analyzers.Queries;
using NoDowntime.Analyzers.Queries.Mongo;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

public class MongoQueryFixTests
{
    private static Task VerifyLimit(MongoFlavour driver, string source, string fixedSource)
    {
        var test = CodeFixVerifier<MongoUnboundedQueryAnalyzer, AddQueryLimitCodeFix>.Test(source + MongoTestSources.Model, fixedSource + MongoTestSources.Model);
        test.References = MongoTestSources.References(driver);
        return test.RunAsync();
    }

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Inserts_Limit_into_find_and_aggregate_fluents(MongoFlavour driver) => VerifyLimit(driver,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string customer, CancellationToken ct)
            {
                var a = await orders.Find(o => o.CustomerId == customer).{|ND2001:ToListAsync|}(ct);
                var b = await orders.Aggregate().Match(o => o.Total > 1).{|ND2001:ToListAsync|}(ct);
                var c = orders.Find(FilterDefinition<Order>.Empty).SortBy(o => o.Total).{|ND2004:ToList|}();
            }
        }
        """,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string customer, CancellationToken ct)
            {
                var a = await orders.Find(o => o.CustomerId == customer).Limit(1000).ToListAsync(ct);
                var b = await orders.Aggregate().Match(o => o.Total > 1).Limit(1000).ToListAsync(ct);
                var c = orders.Find(FilterDefinition<Order>.Empty).SortBy(o => o.Total).Limit(1000).ToList();
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Inserts_Take_into_a_LINQ_query(MongoFlavour driver) => VerifyLimit(driver,
        """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M(CancellationToken ct) => orders.AsQueryable().Where(o => o.Total > 1).{|ND2001:ToListAsync|}(ct);
        }
        """,
        """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M(CancellationToken ct) => orders.AsQueryable().Where(o => o.Total > 1).Take(1000).ToListAsync(ct);
        }
        """);

    [Fact]
    public Task Adds_the_LINQ_namespace_for_Take_on_a_v2_queryable() => VerifyLimit(MongoFlavour.V2Stub,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M(CancellationToken ct) => orders.AsQueryable().{|ND2004:ToListAsync|}(ct);
        }
        """,
        """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M(CancellationToken ct) => orders.AsQueryable().Take(1000).ToListAsync(ct);
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Sets_Limit_in_the_FindOptions_of_a_cursor(MongoFlavour driver) => VerifyLimit(driver,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string customer, CancellationToken ct)
            {
                var a = await (await orders.FindAsync(o => o.CustomerId == customer, cancellationToken: ct)).{|ND2001:ToListAsync|}(ct);
                using var cursor = await orders.FindAsync(o => o.Status == "open", new FindOptions<Order> { BatchSize = 100 }, ct);
                var b = await cursor.{|ND2001:ToListAsync|}(ct);
                var c = orders.FindSync(o => o.Total > 1, null).{|ND2001:ToList|}();
            }
        }
        """,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string customer, CancellationToken ct)
            {
                var a = await (await orders.FindAsync(o => o.CustomerId == customer, options: new FindOptions<Order> { Limit = 1000 }, cancellationToken: ct)).ToListAsync(ct);
                using var cursor = await orders.FindAsync(o => o.Status == "open", new FindOptions<Order> { BatchSize = 100, Limit = 1000 }, ct);
                var b = await cursor.ToListAsync(ct);
                var c = orders.FindSync(o => o.Total > 1, new FindOptions<Order> { Limit = 1000 }).ToList();
            }
        }
        """);

    [Fact]
    public Task Lowers_a_literal_Limit_to_the_maximum()
    {
        var test = CodeFixVerifier<QueryLimitTooLargeAnalyzer, LowerQueryLimitCodeFix>.Test(
            """
            using MongoDB.Driver;
            class S
            {
                IMongoCollection<Order> orders = null!;
                async Task M(CancellationToken ct)
                {
                    var a = await orders.Aggregate().Limit([|5000L|]).ToListAsync(ct);
                    var b = await (await orders.FindAsync(o => o.Total > 1, new FindOptions<Order> { Limit = [|10_000|] }, ct)).ToListAsync(ct);
                }
            }
            """ + MongoTestSources.Model,
            """
            using MongoDB.Driver;
            class S
            {
                IMongoCollection<Order> orders = null!;
                async Task M(CancellationToken ct)
                {
                    var a = await orders.Aggregate().Limit(1000L).ToListAsync(ct);
                    var b = await (await orders.FindAsync(o => o.Total > 1, new FindOptions<Order> { Limit = 1000 }, ct)).ToListAsync(ct);
                }
            }
            """ + MongoTestSources.Model);
        test.References = MongoTestSources.References(MongoFlavour.V3Stub);
        return test.RunAsync();
    }
}
