using System.Threading.Tasks;
using NoDowntime.Analyzers.Queries;
using NoDowntime.Analyzers.Queries.EntityFramework;
using NoDowntime.Analyzers.Queries.Mongo;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Queries;

/// <summary>Services written the way teams write them, with every ND2 finding labelled and nothing else reported.</summary>
public class RealisticServiceTests
{
    [Theory, InlineData(MongoFlavour.V2Stub), InlineData(MongoFlavour.V3Stub), InlineData(MongoFlavour.V3Package)]
    public Task Mongo_order_service(MongoFlavour driver)
    {
        var test = new AnalyzerTest(new MongoUnboundedQueryAnalyzer(), new MongoProjectionAnalyzer(), new QueryLimitTooLargeAnalyzer());
        test.References = MongoTestSources.References(driver);
        test.Sources.Add("""
            using Microsoft.AspNetCore.Mvc;
            using MongoDB.Bson;
            using MongoDB.Driver;
            using MongoDB.Driver.Linq;

            public record OrderRow(string Id, decimal Total);

            public interface IOrderRepository
            {
                Task<List<Order>> GetAllAsync(CancellationToken ct);
            }

            public sealed class OrderRepository : IOrderRepository
            {
                private const int MaxPage = 200;
                private readonly IMongoCollection<Order> _orders;

                public OrderRepository(IMongoDatabase database) => _orders = database.GetCollection<Order>("orders");

                public Task<List<Order>> GetAllAsync(CancellationToken ct) =>
                    _orders.Find(FilterDefinition<Order>.Empty).{|ND2004:{|ND2005:ToListAsync|}|}(ct);

                public Task<Order?> GetAsync(string id, CancellationToken ct) =>
                    _orders.Find(o => o.Id == id).FirstOrDefaultAsync(ct)!;

                public Task<List<OrderRow>> PageAsync(string customerId, string? after, int size, CancellationToken ct) =>
                    _orders.Find(o => o.CustomerId == customerId && (after == null || o.Id.CompareTo(after) > 0))
                        .SortBy(o => o.Id)
                        .Project(o => new OrderRow(o.Id, o.Total))
                        .Limit(Math.Min(size, MaxPage))
                        .ToListAsync(ct);

                public async Task<List<Order>> ByStatusAsync(string status, CancellationToken ct)
                {
                    var filter = Builders<Order>.Filter.Eq(o => o.Status, status);
                    return await _orders.Find(filter).SortByDescending(o => o.Total).{|ND2001:{|ND2005:ToListAsync|}|}(ct);
                }

                public async Task<List<Order>> SearchAsync(string? status, decimal? min, int page, CancellationToken ct)
                {
                    var query = _orders.AsQueryable().Where(o => o.Total >= 0);
                    if (status is not null) query = query.Where(o => o.Status == status);
                    if (min is not null) query = query.Where(o => o.Total >= min);
                    return await query.OrderBy(o => o.Id).Skip(page * 50).Take(50).{|ND2005:ToListAsync|}(ct);
                }

                public async Task<List<Order>> TopAsync(CancellationToken ct) =>
                    await _orders.Find(o => o.Total > 100).Limit({|ND2003:5000|}).{|ND2005:ToListAsync|}(ct);

                public async Task<long> CountOpenAsync(CancellationToken ct) =>
                    await _orders.CountDocumentsAsync(o => o.Status == "open", cancellationToken: ct);

                public async Task<List<BsonDocument>> TotalsByStatusAsync(CancellationToken ct) =>
                    await _orders.Aggregate()
                        .Group(new BsonDocument { { "_id", "$Status" }, { "total", new BsonDocument("$sum", "$Total") } })
                        .ToListAsync(ct);

                public async Task ExportAsync(Func<Order, Task> write, CancellationToken ct)
                {
                    using var cursor = await _orders.Find(FilterDefinition<Order>.Empty)
                        .Project(Builders<Order>.Projection.Expression(o => o))
                        .ToCursorAsync(ct);
                    while (await cursor.MoveNextAsync(ct))
                    {
                        foreach (var order in cursor.Current) await write(order);
                    }
                }

                public async Task<List<Order>> ForCustomersAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
                {
                    using var cursor = await _orders.FindAsync(Builders<Order>.Filter.In(o => o.Id, ids), cancellationToken: ct);
                    return await cursor.{|ND2005:ToListAsync|}(ct);
                }

                public async Task<List<Order>> RecentAsync(int take, CancellationToken ct)
                {
                    var options = new FindOptions<Order> { Sort = Builders<Order>.Sort.Descending(o => o.Id) };
                    options.Limit = take;
                    var cursor = await _orders.FindAsync(o => o.Status != "deleted", options, ct);
                    return await cursor.{|ND2005:ToListAsync|}(ct);
                }

                public List<string> Statuses(List<Order> cached) => cached.Select(o => o.Status).Distinct().ToList();
            }

            [ApiController, Route("orders")]
            public sealed class OrdersController : ControllerBase
            {
                private readonly IMongoCollection<Order> _orders;
                public OrdersController(IMongoCollection<Order> orders) => _orders = orders;

                [HttpGet("by-customer/{customerId}")]
                public async Task<IActionResult> ByCustomer(string customerId, CancellationToken ct)
                {
                    var orders = await _orders.Find(o => o.CustomerId == customerId).{|ND2001:{|ND2005:ToListAsync|}|}(ct);
                    return Ok(orders.Select(o => new OrderRow(o.Id, o.Total)));
                }

                [HttpGet("open")]
                public IActionResult Open() => Ok(_orders.AsQueryable().Where(o => o.Status == "open").Select(o => o.Id).{|ND2001:ToList|}());
            }
            """ + MongoTestSources.Model);
        return test.RunAsync();
    }

    [Fact]
    public Task EF_Core_catalog_service()
    {
        var test = new AnalyzerTest(new EfCoreUnboundedQueryAnalyzer(), new QueryLimitTooLargeAnalyzer());
        test.Sources.Add("""
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;

            public sealed class CatalogService
            {
                private readonly ShopContext _db;
                public CatalogService(ShopContext db) => _db = db;

                public Task<List<Order>> AllAsync(CancellationToken ct) => _db.Orders.AsNoTracking().{|ND2002:ToListAsync|}(ct);

                public Task<Order?> FindAsync(int id, CancellationToken ct) => _db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct);

                public Task<List<Order>> PageAsync(int afterId, int size, CancellationToken ct) =>
                    _db.Orders.Where(o => o.Id > afterId).OrderBy(o => o.Id).Take(size).ToListAsync(ct);

                public async Task<Dictionary<int, decimal>> TotalsAsync(CancellationToken ct) =>
                    await _db.Orders.Where(o => o.Status == "paid").{|ND2002:ToDictionaryAsync|}(o => o.Id, o => o.Total, ct);

                public async Task<List<string>> StatusesAsync(CancellationToken ct) =>
                    await _db.Orders.Select(o => o.Status).Distinct().ToListAsync(ct);

                public async Task<List<Order>> BigPageAsync(CancellationToken ct) =>
                    await _db.Orders.OrderBy(o => o.Id).Take({|ND2003:10_000|}).ToListAsync(ct);

                public async Task<List<Order>> ForCustomerAsync(int customerId, CancellationToken ct)
                {
                    var query = from o in _db.Orders where o.CustomerId == customerId orderby o.Id select o;
                    return await query.{|ND2002:ToListAsync|}(ct);
                }

                public async Task<int> ExportAsync(Func<Order, Task> write, CancellationToken ct)
                {
                    int n = 0;
                    await foreach (var order in _db.Orders.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
                    {
                        await write(order);
                        n++;
                    }

                    return n;
                }

                public List<Order> Filter(IEnumerable<Order> orders) => orders.Where(o => o.Total > 0).ToList();
            }

            [ApiController, Route("catalog")]
            public sealed class CatalogController : ControllerBase
            {
                private readonly ShopContext _db;
                public CatalogController(ShopContext db) => _db = db;

                [HttpGet]
                public async Task<IActionResult> Get(CancellationToken ct) =>
                    Ok(await _db.Set<Order>().Where(o => o.Total > 0).Select(o => new { o.Id, o.Total }).{|ND2002:ToListAsync|}(ct));
            }
            """ + EfCoreUnboundedQueryTests.Model);
        return test.RunAsync();
    }
}
