using System.Collections.Generic;
using System.Threading.Tasks;
using NoDowntime.Analyzers.Queries;
using NoDowntime.Analyzers.Queries.EntityFramework;
using NoDowntime.Analyzers.Queries.Mongo;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

/// <summary>The ND2 analyzers never throw, whatever state the code is in while it is typed.</summary>
public class QueryRobustnessTests
{
    private const string MongoService = """
        using MongoDB.Bson;
        using MongoDB.Driver;
        using MongoDB.Driver.Linq;
        public class OrderStore
        {
            private readonly IMongoCollection<Order> orders;
            public OrderStore(IMongoDatabase db) => orders = db.GetCollection<Order>("orders");
            public async Task<List<Order>> Page(string customer, int size, SortDefinition<Order>? sort, CancellationToken ct)
            {
                var q = orders.Find(o => o.CustomerId == customer && o.Total > 0);
                if (sort is not null) { q = q.Sort(sort); }
                var options = new FindOptions<Order> { Limit = 5000, Projection = Builders<Order>.Projection.Include(o => o.Id) };
                using var cursor = await orders.FindAsync(FilterDefinition<Order>.Empty, options, ct);
                var all = await cursor.ToListAsync(ct);
                var agg = await orders.Aggregate().Match(o => o.Status == "open").Group(o => o.Status, g => new { g.Key, N = g.Count() }).ToListAsync(ct);
                var pipe = await (await orders.AggregateAsync<Order>(new[] { new BsonDocument("$limit", 20) }, cancellationToken: ct)).ToListAsync(ct);
                var linq = (from o in orders.AsQueryable() where o.Total > 1 select new { o.Id }).Take(size).ToList();
                foreach (var o in orders.Find(_ => true).ToEnumerable()) { }
                return await q.Limit(size > 0 ? size : null).Project(o => o).ToListAsync(ct);
            }
        }
        """;

    private const string EfService = """
        using Microsoft.EntityFrameworkCore;
        public class OrderQueries
        {
            private readonly ShopContext db;
            public OrderQueries(ShopContext db) => this.db = db;
            public async Task<List<Order>> Search(string? status, int take, CancellationToken ct)
            {
                IQueryable<Order> query = db.Orders.AsNoTracking();
                if (status is not null) { query = query.Where(o => o.Status == status); }
                var ids = new[] { 1, 2 };
                var keyed = await db.Orders.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
                var grouped = await db.Orders.GroupBy(o => o.Status).Select(g => g.Key).ToListAsync(ct);
                var big = await db.Set<Order>().OrderBy(o => o.Id).Take(5000).ToArrayAsync(ct);
                await foreach (var o in db.Orders.AsAsyncEnumerable().WithCancellation(ct)) { }
                return await query.OrderBy(o => o.Id).ToListAsync(ct);
            }
        }
        """;

    public static IEnumerable<object[]> Sources() => new[]
    {
        new object[] { "mongo-v2", MongoService + MongoTestSources.Model, ReferenceSet.AspNetCore | ReferenceSet.MongoV2 },
        new object[] { "mongo-v3", MongoService + MongoTestSources.Model, ReferenceSet.AspNetCore | ReferenceSet.MongoV3 },
        new object[] { "ef", EfService + EfCoreUnboundedQueryTests.Model, ReferenceSet.Default },
    };

    [Theory, MemberData(nameof(Sources))]
    public async Task Analyzers_do_not_throw_on_any_prefix_of_a_realistic_source(string name, string source, ReferenceSet references)
    {
        var test = new AnalyzerTest(
            new MongoUnboundedQueryAnalyzer(), new MongoProjectionAnalyzer(), new EfCoreUnboundedQueryAnalyzer(), new QueryLimitTooLargeAnalyzer())
        {
            References = references,
        };

        int prefixes = await test.VerifyEveryPrefixAsync(source);
        Assert.True(prefixes > 100, $"{name}: the source should be realistic ({prefixes} tokens)");
    }
}
