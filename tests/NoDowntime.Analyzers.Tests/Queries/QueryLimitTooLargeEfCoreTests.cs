using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Queries.QueryLimitTooLargeAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Queries;

public class QueryLimitTooLargeEfCoreTests
{
    private const string Model = EfCoreUnboundedQueryTests.Model;

    [Fact]
    public Task Flags_constant_Take_above_the_default_maximum() => Verify.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;
        class S
        {
            const int PageSize = 2000;
            Task<List<Order>> M(ShopContext db) => db.Orders.Take({|#0:5000|}).ToListAsync();
            Task<List<Order>> N(ShopContext db) => db.Orders.OrderBy(o => o.Id).Take([|PageSize|]).ToListAsync();
        }
        """ + Model,
        Verify.Diagnostic(Rules.QueryLimitTooLarge).WithLocation(0).WithArguments("5000", 1000));

    [Fact]
    public Task Leaves_a_limit_equal_to_the_maximum_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> M(ShopContext db) => db.Orders.Take(1000).ToListAsync();
        }
        """ + Model);

    [Fact]
    public Task Leaves_variable_limits_alone() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class S
        {
            Task<List<Order>> M(ShopContext db, int size) => db.Orders.Take(size * 10).ToListAsync();
        }
        """ + Model);

    [Fact]
    public Task Leaves_in_memory_Take_alone() => Verify.VerifyAsync("""
        class S
        {
            List<Order> M(List<Order> orders) => orders.AsQueryable().Take(5000).ToList();
            List<Order> N(List<Order> orders) => orders.Take(5000).ToList();
        }
        """ + Model);

    [Fact]
    public Task Reads_the_maximum_from_editorconfig()
    {
        var test = Verify.Test("""
            using Microsoft.EntityFrameworkCore;
            class S
            {
                Task<List<Order>> M(ShopContext db) => db.Orders.Take([|600|]).ToListAsync();
                Task<List<Order>> N(ShopContext db) => db.Orders.Take(500).ToListAsync();
            }
            """ + Model);
        test.EditorConfigOptions["nodowntime.max_query_limit"] = "500";
        return test.RunAsync();
    }
}
