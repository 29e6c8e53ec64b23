// Shapes in a file that does NOT import MongoDB.Driver.Linq (reference §11, v2 binding consequences).
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MongoDB.Driver;

namespace StubUsage
{
    public static class NoLinqUsing
    {
        public static async Task<int> Run(IMongoCollection<Order> orders, CancellationToken ct)
        {
            var filtered = orders.AsQueryable().Where(o => o.Total > 1).Take(5); // binds: IMongoCollectionExtensions.AsQueryable, Queryable.Where, Queryable.Take
#if !MONGO_V3
            List<Order> straight = await orders.AsQueryable().ToListAsync(ct); // v2: IMongoCollectionExtensions.AsQueryable, IAsyncCursorSourceExtensions.ToListAsync
            Order first = await orders.AsQueryable().FirstOrDefaultAsync(ct); // v2: IMongoCollectionExtensions.AsQueryable, IAsyncCursorSourceExtensions.FirstOrDefaultAsync
            return filtered.Count() + straight.Count + (first == null ? 0 : 1);
#else
            return filtered.Count();
#endif
        }
    }
}
