using System.Threading.Tasks;
using NoDowntime.Analyzers.CodeFixes.Queries;
using NoDowntime.Analyzers.Queries;
using NoDowntime.Analyzers.Queries.EntityFramework;
using Xunit;
using TakeFix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.Queries.EntityFramework.EfCoreUnboundedQueryAnalyzer, NoDowntime.Analyzers.CodeFixes.Queries.AddQueryLimitCodeFix>;
using LowerFix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.Queries.QueryLimitTooLargeAnalyzer, NoDowntime.Analyzers.CodeFixes.Queries.LowerQueryLimitCodeFix>;

namespace NoDowntime.Analyzers.Tests.Queries;

public class EfCoreQueryFixTests
{
    private const string Model = EfCoreUnboundedQueryTests.Model;

    [Fact]
    public Task Inserts_Take_before_ToListAsync() => TakeFix.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> All(ShopContext db, CancellationToken ct) => db.Orders.Where(o => o.Total > 0).[|ToListAsync|](ct);
            List<Order> Sync(ShopContext db) => db.Orders.[|ToList|]();
        }
        """ + Model,
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> All(ShopContext db, CancellationToken ct) => db.Orders.Where(o => o.Total > 0).Take(1000).ToListAsync(ct);
            List<Order> Sync(ShopContext db) => db.Orders.Take(1000).ToList();
        }
        """ + Model);

    [Fact]
    public Task Inserts_Take_on_its_own_line_in_a_split_chain()
    {
        var test = TakeFix.Test(
            """
            using Microsoft.EntityFrameworkCore;
            class S
            {
                async Task<List<Order>> All(ShopContext db, CancellationToken ct)
                {
                    var query = db.Orders.Where(o => o.Total > 0);
                    return await query
                        .OrderBy(o => o.Id)
                        .[|ToListAsync|](ct);
                }
            }
            """ + Model,
            """
            using Microsoft.EntityFrameworkCore;
            class S
            {
                async Task<List<Order>> All(ShopContext db, CancellationToken ct)
                {
                    var query = db.Orders.Where(o => o.Total > 0);
                    return await query
                        .OrderBy(o => o.Id)
                        .Take(250)
                        .ToListAsync(ct);
                }
            }
            """ + Model);
        test.EditorConfigOptions["nodowntime.max_query_limit"] = "250";
        return test.RunAsync();
    }

    [Fact]
    public Task Lowers_a_constant_Take_to_the_maximum() => LowerFix.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> M(ShopContext db, CancellationToken ct) => db.Orders.OrderBy(o => o.Id).Take([|5000|]).ToListAsync(ct);
        }
        """ + Model,
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> M(ShopContext db, CancellationToken ct) => db.Orders.OrderBy(o => o.Id).Take(1000).ToListAsync(ct);
        }
        """ + Model);
}
