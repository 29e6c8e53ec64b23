using System.Threading.Tasks;
using NoDowntime.Analyzers.Queries;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

public class QueryLimitTooLargeMongoTests
{
    private static Task Verify(MongoFlavour driver, string source) => MongoTestSources.VerifyAsync<QueryLimitTooLargeAnalyzer>(driver, source);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_every_constant_limit_form_above_the_maximum(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Bson;
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var a = await orders.Find(o => o.Total > 1).Limit([|5000|]).ToListAsync(ct);
                var b = await orders.Aggregate().Limit([|2000|]).ToListAsync(ct);
                var c = await (await orders.FindAsync(o => o.Total > 1, new FindOptions<Order> { Limit = [|10_000|] }, ct)).ToListAsync(ct);
                var options = new FindOptions<Order>();
                options.Limit = [|1001|];
                var d = new BsonDocument("$limit", [|50000|]);
                var e = await orders.AsQueryable().Take([|5000|]).ToListAsync(ct);
                var f = new EmptyPipelineDefinition<Order>().Limit([|3000|]);
                var g = new BsonDocument { { "$limit", [|2500|] } };
                var h = await orders.Aggregate().AppendStage<Order>([|"{ $limit: 4000 }"|]).ToListAsync(ct);
                var i = BsonDocument.Parse([|"{ '$limit': 9999 }"|]);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_limits_at_or_below_the_maximum_and_variables_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Bson;
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(int size, CancellationToken ct)
            {
                var a = await orders.Find(o => o.Total > 1).Limit(1000).ToListAsync(ct);
                var b = await orders.Find(o => o.Total > 1).Limit(size).ToListAsync(ct);
                var c = new FindOptions<Order> { Limit = size, BatchSize = 5000 };
                var d = new BsonDocument("$skip", 5000);
                var e = await orders.Find(o => o.Total > 1).Skip(5000).Limit(10).ToListAsync(ct);
                var f = await orders.Aggregate().AppendStage<Order>("{ $limit: 100 }").ToListAsync(ct);
                var g = "{ $limit: 5000 }";
                Console.WriteLine("{ $limit: 5000 }");
            }
        }
        """);
}
