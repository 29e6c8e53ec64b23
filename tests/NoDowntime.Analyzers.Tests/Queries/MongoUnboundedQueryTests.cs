using System.Threading.Tasks;
using NoDowntime.Analyzers.Queries.Mongo;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

public class MongoUnboundedQueryTests
{
    private static Task Verify(MongoFlavour driver, string source, params Verification.ExpectedDiagnostic[] expected) =>
        MongoTestSources.VerifyAsync<MongoUnboundedQueryAnalyzer>(driver, source, expected);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_Find_materialised_without_Limit(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string customer, CancellationToken ct)
            {
                var a = await orders.Find(o => o.CustomerId == customer).{|ND2001:ToListAsync|}(ct);
                var b = orders.Find(Builders<Order>.Filter.Eq(o => o.Status, "open")).SortBy(o => o.Total).{|ND2001:ToList|}();
                var c = orders.Find("{ Status: 'open' }").ToEnumerable().{|ND2001:ToArray|}();
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_FindAsync_and_FindSync_cursors_materialised_without_options_Limit(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string customer, CancellationToken ct)
            {
                var a = await (await orders.FindAsync(o => o.CustomerId == customer, cancellationToken: ct)).{|ND2001:ToListAsync|}(ct);
                using var cursor = await orders.FindAsync(Builders<Order>.Filter.Eq(o => o.Status, "open"), new FindOptions<Order> { BatchSize = 100 }, ct);
                var b = await cursor.{|ND2001:ToListAsync|}(ct);
                var c = orders.FindSync(o => o.Total > 10).{|ND2001:ToList|}();
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_aggregate_fluent_and_pipeline_without_limit(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var a = await orders.Aggregate().Match(o => o.Status == "open").SortByDescending(o => o.Total).{|ND2001:ToListAsync|}(ct);
                var pipeline = new EmptyPipelineDefinition<Order>().Match(o => o.Status == "open");
                var b = await (await orders.AggregateAsync(pipeline, cancellationToken: ct)).{|ND2001:ToListAsync|}(ct);
                var c = orders.Aggregate(pipeline).{|ND2001:ToList|}();
                var d = await orders.Aggregate().AppendStage<Order>("{ $match: { Status: 'open' } }").{|ND2001:ToListAsync|}(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_LINQ_query_without_Take(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var a = await orders.AsQueryable().Where(o => o.Status == "open").OrderBy(o => o.Total).{|ND2001:ToListAsync|}(ct);
                var b = orders.AsQueryable().Where(o => o.Total > 100).{|ND2001:ToList|}();
                var c = (from o in orders.AsQueryable() where o.Status == "open" select o).{|ND2001:ToArray|}();
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_a_query_built_in_steps(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<List<Order>> M(string customer, SortDefinition<Order>? sort, CancellationToken ct)
            {
                var q = orders.Find(o => o.CustomerId == customer);
                if (sort is not null)
                {
                    q = q.Sort(sort);
                }

                return await q.{|ND2001:ToListAsync|}(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Follows_a_query_returned_by_a_helper_in_the_same_file(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            IFindFluent<Order, Order> ForCustomer(string customer) => orders.Find(o => o.CustomerId == customer);
            IFindFluent<Order, Order> Page(string customer, int size)
            {
                return ForCustomer(customer).Limit(size);
            }

            async Task M(string customer, CancellationToken ct)
            {
                var a = await ForCustomer(customer).SortBy(o => o.Total).{|ND2001:ToListAsync|}(ct);
                var b = await Page(customer, 20).ToListAsync(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Reads_an_empty_filter_from_a_local(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string? status, CancellationToken ct)
            {
                var all = Builders<Order>.Filter.Empty;
                var a = await orders.Find(all).{|ND2004:ToListAsync|}(ct);
                var filter = Builders<Order>.Filter.Empty;
                if (status is not null) filter &= Builders<Order>.Filter.Eq(o => o.Status, status);
                var b = await orders.Find(filter).{|ND2001:ToListAsync|}(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_Limit_zero_and_null_which_mean_no_limit(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var a = await orders.Find(o => o.Total > 1).Limit(0).{|ND2001:ToListAsync|}(ct);
                var b = await orders.Find(o => o.Total > 1).Limit(null).{|ND2001:ToListAsync|}(ct);
            }
        }
        """);

    [Fact]
    public Task Message_names_the_call_the_document_and_the_maximum() => Verify(MongoFlavour.V2Stub,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M(string c) => orders.Find(o => o.CustomerId == c).{|#0:ToListAsync|}();
        }
        """,
        Verification.ExpectedDiagnostic.For(Rules.UnboundedMongoQuery).WithLocation(0).WithArguments("ToListAsync", "Order", 1000));

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Flags_whole_collection_scans_as_ND2004(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Bson;
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var a = await orders.Find(FilterDefinition<Order>.Empty).{|ND2004:ToListAsync|}(ct);
                var b = await orders.Find(Builders<Order>.Filter.Empty).{|ND2004:ToListAsync|}(ct);
                var c = orders.Find(_ => true).{|ND2004:ToList|}();
                var d = await orders.Find(new BsonDocument()).{|ND2004:ToListAsync|}(ct);
                var e = await (await orders.FindAsync(FilterDefinition<Order>.Empty, cancellationToken: ct)).{|ND2004:ToListAsync|}(ct);
                var f = await orders.AsQueryable().{|ND2004:ToListAsync|}(ct);
                var g = orders.AsQueryable().OrderBy(o => o.Total).{|ND2004:ToList|}();
                var h = await orders.Aggregate().SortBy(o => o.Total).{|ND2004:ToListAsync|}(ct);
            }
        }
        """);

    [Fact]
    public Task ND2004_message_names_the_collection() => Verify(MongoFlavour.V3Stub,
        """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M() => orders.Find(FilterDefinition<Order>.Empty).{|#0:ToListAsync|}();
        }
        """,
        Verification.ExpectedDiagnostic.For(Rules.WholeCollectionScan).WithLocation(0).WithArguments("ToListAsync", "Order", 1000));

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_bounded_queries_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Bson;
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(int page, int size, CancellationToken ct)
            {
                var a = await orders.Find(o => o.Status == "open").Limit(50).ToListAsync(ct);
                var b = await orders.Find(o => o.Status == "open").Skip(page * size).Limit(size).ToListAsync(ct);
                var c = await (await orders.FindAsync(o => o.Status == "open", new FindOptions<Order> { Limit = 100 }, ct)).ToListAsync(ct);
                var options = new FindOptions<Order>();
                options.Limit = size;
                var d = await (await orders.FindAsync(o => o.Total > 1, options, ct)).ToListAsync(ct);
                var e = await orders.Aggregate().Match(o => o.Total > 1).Limit(10).ToListAsync(ct);
                var f = await orders.AsQueryable().Where(o => o.Total > 1).Take(size).ToListAsync(ct);
                var g = await orders.Find(FilterDefinition<Order>.Empty).Limit(100).ToListAsync(ct);
                var stages = new[] { new BsonDocument("$match", new BsonDocument("Status", "open")), new BsonDocument("$limit", 20) };
                var h = await (await orders.AggregateAsync<Order>(stages, cancellationToken: ct)).ToListAsync(ct);
                var i = await (await orders.AggregateAsync(new EmptyPipelineDefinition<Order>().Match(o => o.Total > 1).Limit(5), cancellationToken: ct)).ToListAsync(ct);
                var j = await orders.Aggregate().Match(o => o.Total > 1).AppendStage<Order>("{ $limit: 10 }").ToListAsync(ct);
                var k = await orders.AsQueryable().Where(o => o.Total > 1).Take(10L).ToListAsync(ct);
                var l = orders.Aggregate(PipelineDefinition<Order, Order>.Create(new BsonDocument("$match", new BsonDocument()), new BsonDocument("$limit", 10))).ToList();
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_a_Limit_added_in_a_later_step_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task<List<Order>> M(int? max, CancellationToken ct)
            {
                var q = orders.Find(o => o.Status == "open");
                q = q.Limit(max ?? 100);
                return await q.ToListAsync(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_single_document_reads_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(string id, CancellationToken ct)
            {
                var a = await orders.Find(o => o.Id == id).FirstOrDefaultAsync(ct);
                var b = await orders.Find(o => o.Status == "open").SingleOrDefaultAsync(ct);
                var c = await (await orders.FindAsync(o => o.Id == id, cancellationToken: ct)).FirstOrDefaultAsync(ct);
                var d = await orders.AsQueryable().FirstOrDefaultAsync(o => o.Id == id, ct);
                var e = await orders.CountDocumentsAsync(o => o.Status == "open", cancellationToken: ct);
                var f = await orders.Find(o => o.Id == id).ToListAsync(ct);
                var g = await orders.Find(Builders<Order>.Filter.Eq("_id", id)).ToListAsync(ct);
                var h = await orders.Find(o => o.Status == "open").AnyAsync(ct);
                var i = await orders.Find(Builders<Order>.Filter.Eq(o => o.Id, id)).ToListAsync(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_reads_by_a_set_of_keys_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(List<string> ids, CancellationToken ct)
            {
                var a = await orders.Find(o => ids.Contains(o.Id)).ToListAsync(ct);
                var b = await orders.Find(Builders<Order>.Filter.In(o => o.Id, ids)).ToListAsync(ct);
                var c = await orders.Find(Builders<Order>.Filter.In("_id", ids)).ToListAsync(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_cursor_streaming_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                using var cursor = await orders.Find(o => o.Total > 1).ToCursorAsync(ct);
                while (await cursor.MoveNextAsync(ct)) { foreach (var o in cursor.Current) { } }
                await orders.Find(o => o.Total > 1).ForEachAsync(o => { }, ct);
                using var raw = await orders.FindAsync(o => o.Total > 1, cancellationToken: ct);
                while (await raw.MoveNextAsync(ct)) { }
                foreach (var o in orders.Find(o => o.Total > 1).ToEnumerable()) { }
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_aggregated_results_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            async Task M(CancellationToken ct)
            {
                var a = await orders.Aggregate().Group(o => o.Status, g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
                var b = await orders.Aggregate().Match(o => o.Total > 1).Count().ToListAsync(ct);
            }
        }
        """);

    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Leaves_queries_it_cannot_see_alone(MongoFlavour driver) => Verify(driver, """
        using MongoDB.Driver;
        class S
        {
            IMongoCollection<Order> orders = null!;
            Task<List<Order>> M(IFindFluent<Order, Order> find) => find.ToListAsync();
            async Task<List<Order>> N(FindOptions<Order> options) => await (await orders.FindAsync(o => o.Total > 1, options)).ToListAsync();
            List<Order> O(List<Order> list) => list.Where(o => o.Total > 1).ToList();
        }
        """);

    [Fact]
    public Task Stays_silent_in_a_test_project()
    {
        var test = Verification.AnalyzerVerifier<MongoUnboundedQueryAnalyzer>.Test("""
            using MongoDB.Driver;
            class S
            {
                IMongoCollection<Order> orders = null!;
                Task<List<Order>> M() => orders.Find(o => o.Total > 1).ToListAsync();
            }
            """ + MongoTestSources.Model);
        test.References = MongoTestSources.References(MongoFlavour.V2Stub) | Verification.ReferenceSet.Xunit;
        return test.RunAsync();
    }
}
