// Shapes the reference (§0, §13) says must NOT compile. Only built with -p:StubExpectErrors=true;
// each line carries the diagnostic it must produce ("// error: CSxxxx", or "// v2 error: ..." when
// it applies to one flavour only).
// Note: the reference gives CS1061 for the last line. On the .NET 10 BCL, `using System.Linq` (needed for
// Where to bind to Queryable at all) also brings System.Linq.AsyncEnumerable.ToListAsync into scope, so
// the compiler reports CS0411 (no inference from IQueryable<T>) instead. It still does not compile.
#if STUB_EXPECT_ERRORS
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MongoDB.Driver;

namespace StubUsage
{
    public static class ExpectedErrors
    {
        public static async Task Run(IMongoCollection<Order> orders, IClientSessionHandle session, CancellationToken ct)
        {
            var f = Builders<Order>.Filter.Eq(o => o.Status, "open");
            var u = Builders<Order>.Update.Set(o => o.Status, "closed");
            await orders.CountDocumentsAsync(f, ct); // error: CS1503
            await orders.FindAsync(f, ct); // error: CS0411
            await orders.UpdateOneAsync(f, u, ct); // error: CS1503
            await orders.FindAsync(o => o.Total > 1, new FindOptions<Order, OrderSummary>()); // error: CS1660
#if !MONGO_V3
            await orders.FindOneAndUpdateAsync(o => o.Total > 1, u, new FindOneAndUpdateOptions<Order>(), ct); // error: CS0121
#endif
            await orders.FindOneAndUpdateAsync(session, o => o.Total > 1, u, new FindOneAndUpdateOptions<Order>(), cancellationToken: ct); // error: CS0121
            await orders.AsQueryable().Where(o => o.Total > 1).ToListAsync(); // error: CS0411 (see note below)
        }
    }
}
#endif
