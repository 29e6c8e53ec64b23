using System.Threading.Tasks;
using NoDowntime.Analyzers.Queries.EntityFramework;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Queries.EntityFramework.EfCoreUnboundedQueryAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Queries;

public class EfCoreUnboundedQueryTests
{
    internal const string Model = """

        public class Order { public int Id { get; set; } public string Status { get; set; } = ""; public decimal Total { get; set; } public int CustomerId { get; set; } }
        public class Customer { public int CustomerId { get; set; } public string Name { get; set; } = ""; }
        public class ShopContext : Microsoft.EntityFrameworkCore.DbContext
        {
            public Microsoft.EntityFrameworkCore.DbSet<Order> Orders => Set<Order>();
            public Microsoft.EntityFrameworkCore.DbSet<Customer> Customers => Set<Customer>();
        }
        """;

    [Fact]
    public Task Flags_ToListAsync_on_a_DbSet_property() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> All(ShopContext db, CancellationToken ct) => db.Orders.[|ToListAsync|](ct);
        }
        """ + Model);

    [Fact]
    public Task Flags_filtered_and_ordered_query_without_Take() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task<Order[]> Open(ShopContext db, CancellationToken ct) =>
                await db.Orders.AsNoTracking().Where(o => o.Status == "open").OrderBy(o => o.Id).[|ToArrayAsync|](ct);
        }
        """ + Model);

    [Fact]
    public Task Flags_synchronous_ToList_and_ToDictionary() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            void M(ShopContext db)
            {
                var a = db.Orders.Where(o => o.Total > 10).[|ToList|]();
                var b = db.Set<Order>().[|ToDictionary|](o => o.Id);
                var c = db.Orders.Select(o => new { o.Id, o.Total }).[|ToArray|]();
            }
        }
        """ + Model);

    [Fact]
    public Task Flags_ToDictionaryAsync_and_ToHashSetAsync() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task M(ShopContext db, CancellationToken ct)
            {
                var a = await db.Orders.[|ToDictionaryAsync|](o => o.Id, ct);
                var b = await db.Orders.Select(o => o.CustomerId).[|ToHashSetAsync|](ct);
            }
        }
        """ + Model);

    [Fact]
    public Task Flags_query_built_in_steps_through_a_local() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task<List<Order>> Search(ShopContext db, string? status, CancellationToken ct)
            {
                IQueryable<Order> query = db.Orders;
                if (status is not null)
                {
                    query = query.Where(o => o.Status == status);
                }

                query = query.OrderBy(o => o.Id);
                return await query.[|ToListAsync|](ct);
            }
        }
        """ + Model);

    [Fact]
    public Task Flags_DbSet_from_a_context_field() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class Repo
        {
            private readonly ShopContext _db;
            public Repo(ShopContext db) => _db = db;
            public Task<List<Order>> All(CancellationToken ct) => _db.Orders.Include(o => o.Status).[|ToListAsync|](ct);
        }
        """ + Model);

    [Fact]
    public Task Flags_a_user_extension_without_Take_inside() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        static class OrderQueries
        {
            public static IQueryable<Order> Open(this IQueryable<Order> q) => q.Where(o => o.Status == "open");
        }
        class S
        {
            Task<List<Order>> M(ShopContext db, CancellationToken ct) => db.Orders.Open().[|ToListAsync|](ct);
        }
        """ + Model);

    [Fact]
    public Task Follows_queries_from_helper_properties_and_methods_in_the_same_file() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class Repo
        {
            private readonly ShopContext _db = null!;
            private IQueryable<Order> Open => _db.Orders.Where(o => o.Status == "open");
            private IQueryable<Order> Recent { get { return _db.Orders.OrderByDescending(o => o.Id).Take(20); } }
            private IQueryable<Order> ForCustomer(int id) => _db.Orders.Where(o => o.CustomerId == id);

            public Task<List<Order>> A(CancellationToken ct) => Open.[|ToListAsync|](ct);
            public Task<List<Order>> B(CancellationToken ct) => Recent.ToListAsync(ct);
            public Task<List<Order>> C(int id, CancellationToken ct) => ForCustomer(id).[|ToListAsync|](ct);
        }
        """ + Model);

    [Fact]
    public Task Message_names_the_call_the_entity_and_the_maximum() => Verify.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> All(ShopContext db) => db.Orders.{|#0:ToListAsync|}();
        }
        """ + Model,
        Verify.Diagnostic(Rules.UnboundedEfCoreQuery).WithLocation(0).WithArguments("ToListAsync", "Order", 1000));

    [Fact]
    public Task Leaves_query_with_constant_Take_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> M(ShopContext db, CancellationToken ct) => db.Orders.OrderBy(o => o.Id).Take(50).ToListAsync(ct);
        }
        """ + Model);

    [Fact]
    public Task Leaves_paging_parameters_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> Page(ShopContext db, int page, int size, CancellationToken ct) =>
                db.Orders.OrderBy(o => o.Id).Skip(page * size).Take(size).ToListAsync(ct);

            async Task<List<Order>> After(ShopContext db, int lastId, int size, CancellationToken ct)
            {
                var q = db.Orders.Where(o => o.Id > lastId).OrderBy(o => o.Id);
                var page = q.Take(size);
                return await page.ToListAsync(ct);
            }
        }
        """ + Model);

    [Fact]
    public Task Leaves_Take_added_in_a_later_step_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task<List<Order>> M(ShopContext db, int max, CancellationToken ct)
            {
                IQueryable<Order> q = db.Orders.Where(o => o.Total > 0);
                q = q.Take(max);
                return await q.ToListAsync(ct);
            }
        }
        """ + Model);

    [Fact]
    public Task Leaves_single_row_reads_alone_but_not_foreign_key_reads() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task M(ShopContext db, int id, CancellationToken ct)
            {
                var a = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct);
                var b = await db.Orders.SingleAsync(o => o.Id == id, ct);
                var c = await db.Orders.AnyAsync(ct);
                var d = await db.Orders.CountAsync(ct);
                var e = await db.Orders.FindAsync(new object[] { id }, ct);
                var f = await db.Orders.Where(o => o.Id == id).ToListAsync(ct);
                var ids = new[] { 1, 2, 3 };
                var g = await db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync(ct);
                var h = await db.Customers.Where(c => c.CustomerId == id).ToListAsync(ct);
                var i = await db.Orders.Where(o => o.CustomerId == id).{|ND2002:ToListAsync|}(ct);
            }
        }
        """ + Model);

    [Fact]
    public Task Leaves_streaming_and_grouping_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task M(ShopContext db, CancellationToken ct)
            {
                await foreach (var o in db.Orders.AsAsyncEnumerable().WithCancellation(ct)) { }
                var counts = await db.Orders.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            }
        }
        """ + Model);

    [Fact]
    public Task Leaves_in_memory_LINQ_alone() => Verify.VerifyAsync("""
        class S
        {
            List<Order> M(List<Order> orders) => orders.Where(o => o.Total > 0).ToList();
            Order[] N(IEnumerable<Order> orders) => orders.AsQueryable().Where(o => o.Total > 0).ToArray();
        }
        """ + Model);

    [Fact]
    public Task Leaves_queries_from_parameters_and_unknown_methods_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> M(IQueryable<Order> query, CancellationToken ct) => query.ToListAsync(ct);
            Task<List<Order>> N(IOrderSource source, CancellationToken ct) => source.Query().ToListAsync(ct);
            Task<List<Order>> O(ShopContext db, CancellationToken ct) => Bounded(db).ToListAsync(ct);
            IQueryable<Order> Bounded(ShopContext db) => db.Orders.Take(10);
        }
        interface IOrderSource { IQueryable<Order> Query(); }
        """ + Model);

    [Fact]
    public Task Leaves_materialised_list_reused_in_memory_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            async Task<List<Order>> M(ShopContext db, CancellationToken ct)
            {
                var page = await db.Orders.OrderBy(o => o.Id).Take(100).ToListAsync(ct);
                return page.Where(o => o.Total > 0).ToList();
            }
        }
        """ + Model);

    [Fact]
    public Task Stays_silent_in_a_test_project()
    {
        var test = Verify.Test("""
            using Microsoft.EntityFrameworkCore;
            class S
            {
                Task<List<Order>> All(ShopContext db) => db.Orders.ToListAsync();
            }
            """ + Model);
        test.References |= Verification.ReferenceSet.Xunit;
        return test.RunAsync();
    }
}
