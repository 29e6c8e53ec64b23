using System.Threading.Tasks;
using NoDowntime.Analyzers.CodeFixes.Queries;
using NoDowntime.Analyzers.Queries.Mongo;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

public class MongoProjectionFixTests
{
    private static Task VerifyFix(MongoFlavour driver, string source, string fixedSource)
    {
        var test = CodeFixVerifier<MongoProjectionAnalyzer, AddProjectionCodeFix>.Test(source + MongoTestSources.Model, fixedSource + MongoTestSources.Model);
        test.References = MongoTestSources.References(driver);
        return test.RunAsync();
    }

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Projects_a_find_onto_the_members_a_foreach_reads(MongoFlavour driver) => VerifyFix(driver,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<decimal> M(string customer, CancellationToken ct)
            {
                var list = await orders.Find(o => o.CustomerId == customer).Limit(100).[|ToListAsync|](ct);
                decimal sum = 0;
                foreach (var o in list)
                {
                    if (o.Status == "open") sum += o.Total;
                }

                return sum + list.Count;
            }
        }
        """,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<decimal> M(string customer, CancellationToken ct)
            {
                var list = await orders.Find(o => o.CustomerId == customer).Limit(100).Project(x => new { x.Status, x.Total }).ToListAsync(ct);
                decimal sum = 0;
                foreach (var o in list)
                {
                    if (o.Status == "open") sum += o.Total;
                }

                return sum + list.Count;
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Projects_a_LINQ_query_consumed_by_Select(MongoFlavour driver) => VerifyFix(driver,
        """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<List<OrderSummary>> M(CancellationToken ct) =>
                (await orders.AsQueryable().Where(o => o.Total > 1).Take(50).[|ToListAsync|](ct)).Select(o => new OrderSummary(o.Id, o.Total)).ToList();
        }
        """,
        """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<List<OrderSummary>> M(CancellationToken ct) =>
                (await orders.AsQueryable().Where(o => o.Total > 1).Take(50).Select(x => new OrderSummary(x.Id, x.Total)).ToListAsync(ct)).Select(o => new OrderSummary(o.Id, o.Total)).ToList();
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Includes_the_used_fields_in_the_options_of_a_cursor(MongoFlavour driver) => VerifyFix(driver,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<List<string>> M(CancellationToken ct)
            {
                var found = await (await orders.FindAsync(o => o.Total > 1, new FindOptions<Order> { Limit = 10 }, ct)).[|ToListAsync|](ct);
                return found.Select(o => o.Id).ToList();
            }
        }
        """,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<List<string>> M(CancellationToken ct)
            {
                var found = await (await orders.FindAsync(o => o.Total > 1, new FindOptions<Order> { Limit = 10, Projection = Builders<Order>.Projection.Include(x => x.Id) }, ct)).ToListAsync(ct);
                return found.Select(o => o.Id).ToList();
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Projects_onto_a_matching_type_of_the_project(MongoFlavour driver) => VerifyFix(driver,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var page = await orders.Aggregate().Match(o => o.Total > 1).Limit(20).[|ToListAsync|](ct);
                foreach (var o in page) Console.WriteLine($"{o.Id}: {o.Total}");
            }
        }
        """,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var page = await orders.Aggregate().Match(o => o.Total > 1).Limit(20).Project(x => new OrderSummary(x.Id, x.Total)).ToListAsync(ct);
                foreach (var o in page) Console.WriteLine($"{o.Id}: {o.Total}");
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_when_the_documents_escape()
    {
        const string source = """
            using MongoDB.Driver;
            class S
            {
                IMongoCollection<Order> orders = null!;
                async Task<List<Order>> M(CancellationToken ct)
                {
                    var list = await orders.Find(o => o.Total > 1).Limit(10).[|ToListAsync|](ct);
                    foreach (var o in list) { Console.WriteLine(o.Id); }
                    return list;
                }

                async Task N(CancellationToken ct)
                {
                    List<Order> typed = await orders.Find(o => o.Total > 1).Limit(10).[|ToListAsync|](ct);
                    foreach (var o in typed) { Console.WriteLine(o); }
                }
            }
            """;
        return VerifyFix(MongoFlavour.V2Stub, source, source);
    }
}
