using System.Threading.Tasks;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer>;
using VerifyFix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer, NoDowntime.Analyzers.CodeFixes.Blocking.BlockingCallCodeFix>;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class MongoSyncTests
{
    private const string Source = """
        using MongoDB.Driver;

        public class Order { public int Id { get; set; } public bool Open { get; set; } }

        [Microsoft.AspNetCore.Mvc.ApiController]
        public class OrdersController
        {
            private readonly IMongoCollection<Order> orders;
            public OrdersController(IMongoCollection<Order> orders) => this.orders = orders;

            [Microsoft.AspNetCore.Mvc.HttpGet("/orders")]
            public long Get()
            {
                var open = {|ND1003:orders.Find(o => o.Open).ToList()|};
                var first = {|ND1003:orders.Find(o => o.Id == 1).First()|};
                {|ND1003:orders.InsertOne(new Order())|};
                {|ND1003:orders.UpdateMany(o => o.Open, Builders<Order>.Update.Set(o => o.Open, false))|};
                using var cursor = {|ND1003:orders.FindSync(o => o.Open)|};
                var queried = {|ND1003:orders.AsQueryable().Where(o => o.Open).ToList()|};
                var fluent = orders.Find(o => o.Open);
                return {|ND1003:orders.CountDocuments(o => o.Open)|} + open.Count + queried.Count;
            }
        }
        """;

    [Theory]
    [InlineData(ReferenceSet.MongoV2)]
    [InlineData(ReferenceSet.MongoV3)]
    [InlineData(ReferenceSet.MongoPackage)]
    public Task Flags_the_MongoDB_drivers_synchronous_methods(ReferenceSet mongo)
    {
        var test = Verify.Test(Source);
        test.References = ReferenceSet.Default | mongo;
        return test.RunAsync();
    }

    [Fact]
    public Task Fixes_a_MongoDB_ToList_with_the_token_in_scope()
    {
        var test = VerifyFix.Test(
            """
            using MongoDB.Driver;

            public class Order { public bool Open { get; set; } }

            [Microsoft.AspNetCore.Mvc.Controller]
            public class OrderReader
            {
                public async Task<List<Order>> OpenAsync(IMongoCollection<Order> orders, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return {|ND1003:orders.Find(o => o.Open).ToList()|};
                }
            }
            """,
            """
            using MongoDB.Driver;

            public class Order { public bool Open { get; set; } }

            [Microsoft.AspNetCore.Mvc.Controller]
            public class OrderReader
            {
                public async Task<List<Order>> OpenAsync(IMongoCollection<Order> orders, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return await orders.Find(o => o.Open).ToListAsync(cancellationToken);
                }
            }
            """);
        test.References = ReferenceSet.Default | ReferenceSet.MongoV2;
        return test.RunAsync();
    }
}
