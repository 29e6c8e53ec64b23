using System.Threading.Tasks;
using NoDowntime.Analyzers.CodeFixes.Queries;
using NoDowntime.Analyzers.Queries.EntityFramework;
using NoDowntime.Analyzers.Queries.Mongo;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

public class StreamQueryResultFixTests
{
    private static Task VerifyMongo(MongoFlavour driver, string source, string fixedSource)
    {
        var test = CodeFixVerifier<MongoUnboundedQueryAnalyzer, StreamQueryResultCodeFix>.Test(source + MongoTestSources.Model, fixedSource + MongoTestSources.Model);
        test.References = MongoTestSources.References(driver);
        return test.RunAsync();
    }

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Turns_a_list_enumerated_once_into_cursor_iteration(MongoFlavour driver) => VerifyMongo(driver,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<decimal> M(string customer, CancellationToken ct)
            {
                decimal sum = 0;
                var list = await orders.Find(o => o.CustomerId == customer).{|ND2001:ToListAsync|}(ct);
                foreach (var o in list)
                {
                    if (o.Total < 0) continue;
                    sum += o.Total;
                }

                return sum;
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
                decimal sum = 0;
                using var cursor = await orders.Find(o => o.CustomerId == customer).ToCursorAsync(ct);
                while (await cursor.MoveNextAsync(ct))
                {
                    foreach (var o in cursor.Current)
                    {
                        if (o.Total < 0) continue;
                        sum += o.Total;
                    }
                }

                return sum;
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Uses_the_FindAsync_cursor_directly(MongoFlavour driver) => VerifyMongo(driver,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var cursor = 1;
                var all = await (await orders.FindAsync(FilterDefinition<Order>.Empty, cancellationToken: ct)).{|ND2004:ToListAsync|}(ct);
                foreach (var o in all)
                    Console.WriteLine(o.Id + cursor);
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
                var cursor = 1;
                using var cursor2 = await orders.FindAsync(FilterDefinition<Order>.Empty, cancellationToken: ct);
                while (await cursor2.MoveNextAsync(ct))
                {
                    foreach (var o in cursor2.Current)
                        Console.WriteLine(o.Id + cursor);
                }
            }
        }
        """);

    [Fact]
    public Task Offers_no_cursor_when_the_list_is_used_again_or_the_loop_breaks()
    {
        const string source = """
            using MongoDB.Driver;
            class S
            {
                IMongoCollection<Order> orders = null!;
                async Task<int> M(CancellationToken ct)
                {
                    var list = await orders.Find(o => o.Total > 1).{|ND2001:ToListAsync|}(ct);
                    foreach (var o in list) { Console.WriteLine(o.Id); }
                    var again = await orders.Find(o => o.Total > 2).{|ND2001:ToListAsync|}(ct);
                    foreach (var o in again) { if (o.Total > 5) break; }
                    return list.Count;
                }
            }
            """;
        var test = CodeFixVerifier<MongoUnboundedQueryAnalyzer, StreamQueryResultCodeFix>.Test(source + MongoTestSources.Model, source + MongoTestSources.Model);
        test.References = MongoTestSources.References(MongoFlavour.V3Stub);
        return test.RunAsync();
    }

    [Fact]
    public Task Turns_an_EF_Core_list_into_await_foreach() => CodeFixVerifier<EfCoreUnboundedQueryAnalyzer, StreamQueryResultCodeFix>.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task M(ShopContext db, CancellationToken ct)
            {
                var orders = await db.Orders.Where(o => o.Total > 0).[|ToListAsync|](ct);
                foreach (var o in orders)
                {
                    Console.WriteLine(o.Id);
                }
            }
        }
        """ + EfCoreUnboundedQueryTests.Model,
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task M(ShopContext db, CancellationToken ct)
            {
                await foreach (var o in db.Orders.Where(o => o.Total > 0).AsAsyncEnumerable().WithCancellation(ct))
                {
                    Console.WriteLine(o.Id);
                }
            }
        }
        """ + EfCoreUnboundedQueryTests.Model);
}
