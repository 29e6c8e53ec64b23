using System.Threading.Tasks;
using NoDowntime.Analyzers.Queries.Mongo;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

public class MongoProjectionTests
{
    private static Task Verify(MongoFlavour driver, string source, params Verification.ExpectedDiagnostic[] expected) =>
        MongoTestSources.VerifyAsync<MongoProjectionAnalyzer>(driver, source, expected);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_materialised_reads_of_whole_documents(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string customer, CancellationToken ct)
            {
                var a = await orders.Find(o => o.CustomerId == customer).Limit(50).[|ToListAsync|](ct);
                var b = await (await orders.FindAsync(o => o.CustomerId == customer, new FindOptions<Order> { Limit = 10 }, ct)).[|ToListAsync|](ct);
                var c = await orders.Aggregate().Match(o => o.Total > 1).Limit(10).[|ToListAsync|](ct);
                var d = await orders.AsQueryable().Where(o => o.Total > 1).Take(10).[|ToListAsync|](ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_streamed_reads_of_whole_documents(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                using var cursor = await orders.Find(o => o.Total > 1).[|ToCursorAsync|](ct);
                await orders.Find(o => o.Total > 1).[|ForEachAsync|](o => { }, ct);
                using var raw = await orders.[|FindAsync|](o => o.Total > 1, cancellationToken: ct);
                while (await raw.MoveNextAsync(ct)) { }
                foreach (var o in orders.Find(o => o.Total > 1).[|ToEnumerable|]()) { }
            }
        }
        """);

    [Fact]
    public Task Flags_foreach_over_a_v3_LINQ_query() => Verify(MongoFlavour.V3Stub, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            void M()
            {
                foreach (var o in [|orders.AsQueryable().Where(o => o.Total > 1)|]) { }
            }
        }
        """);

    [Fact]
    public Task Message_names_the_call_and_the_document() => Verify(MongoFlavour.V2Stub,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M(string c) => orders.Find(o => o.CustomerId == c).Limit(10).{|#0:ToListAsync|}();
        }
        """,
        Verification.ExpectedDiagnostic.For(Rules.MongoQueryWithoutProjection).WithLocation(0).WithArguments("ToListAsync", "Order"));

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_projected_reads_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Bson;
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var a = await orders.Find(o => o.Total > 1).Project(o => new { o.Id, o.Total }).Limit(10).ToListAsync(ct);
                var b = await orders.Find(o => o.Total > 1).Project(Builders<Order>.Projection.Include(o => o.Id)).Limit(10).ToListAsync(ct);
                var c = await orders.Find(o => o.Total > 1).Project(Builders<Order>.Projection.Expression(o => new OrderSummary(o.Id, o.Total))).Limit(10).ToListAsync(ct);
                var options = new FindOptions<Order, OrderSummary> { Limit = 10, Projection = Builders<Order>.Projection.Expression(o => new OrderSummary(o.Id, o.Total)) };
                var d = await (await orders.FindAsync(Builders<Order>.Filter.Gt(o => o.Total, 1), options, ct)).ToListAsync(ct);
                var e = await orders.AsQueryable().Where(o => o.Total > 1).Select(o => new { o.Id }).Take(10).ToListAsync(ct);
                var f = await orders.Aggregate().Match(o => o.Total > 1).Project(o => new { o.Id }).Limit(10).ToListAsync(ct);
                var g = await orders.Aggregate().Group(o => o.Status, g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                var stages = new[] { new BsonDocument("$match", new BsonDocument("Status", "open")), new BsonDocument("$project", new BsonDocument("Total", 1)) };
                var h = await (await orders.AggregateAsync<BsonDocument>(stages, cancellationToken: ct)).ToListAsync(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_single_document_reads_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string id, CancellationToken ct)
            {
                var a = await orders.Find(o => o.Id == id).FirstOrDefaultAsync(ct);
                var b = await (await orders.FindAsync(o => o.Id == id, cancellationToken: ct)).FirstOrDefaultAsync(ct);
                var c = await orders.Find(o => o.Status == "open").Limit(1).ToListAsync(ct);
                var d = await orders.Find(o => o.Id == id).ToListAsync(ct);
            }
        }
        """);
}
