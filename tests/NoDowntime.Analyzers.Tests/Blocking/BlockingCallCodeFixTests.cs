using System.Threading.Tasks;
using NoDowntime.Analyzers.Blocking;
using NoDowntime.Analyzers.CodeFixes.Blocking;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer, NoDowntime.Analyzers.CodeFixes.Blocking.BlockingCallCodeFix>;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class BlockingCallCodeFixTests
{
    private const string Service = """

        public class Order { public string Name { get; set; } = ""; }

        public interface IOrderService
        {
            Task<Order> LoadAsync(int id);
            Task SaveAsync(Order order);
        }
        """;

    [Fact]
    public Task Awaits_Result_and_makes_a_sync_action_async() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            public string Get(IOrderService service, int id)
            {
                var order = {|ND1001:service.LoadAsync(id).Result|};
                return {|ND1001:service.LoadAsync(id + 1).Result|}.Name + order.Name;
            }
        }
        """ + Service,
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            public async Task<string> Get(IOrderService service, int id)
            {
                var order = await service.LoadAsync(id);
                return (await service.LoadAsync(id + 1)).Name + order.Name;
            }
        }
        """ + Service);

    [Fact]
    public Task Is_not_offered_in_a_field_initializer_where_no_await_can_go()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class PricesController : ControllerBase
            {
                [HttpGet("/prices")]
                public int Get() => new PriceList().Count();
            }

            public class PriceList
            {
                private readonly Order first = {|ND1004:Orders.Service.LoadAsync(1).Result|};
                public int Count() => 1;
            }

            public static class Orders
            {
                public static IOrderService Service { get; set; } = null!;
            }
            """ + Service;
        return Verify.VerifyAsync(source, source);
    }

    [Fact]
    public Task Awaits_GetResult_inside_an_async_method() => Verify.VerifyAsync(
        """
        [Microsoft.AspNetCore.Mvc.Controller]
        public class OrderService
        {
            public async Task<Order> FindAsync(IOrderService inner)
            {
                await Task.Yield();
                return {|ND1001:inner.LoadAsync(1).ConfigureAwait(false).GetAwaiter().GetResult()|};
            }
        }
        """ + Service,
        """
        [Microsoft.AspNetCore.Mvc.Controller]
        public class OrderService
        {
            public async Task<Order> FindAsync(IOrderService inner)
            {
                await Task.Yield();
                return await inner.LoadAsync(1).ConfigureAwait(false);
            }
        }
        """ + Service);

    [Fact]
    public Task Awaits_Wait_and_turns_WaitAll_into_WhenAll_in_a_void_action() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            [HttpPost("/orders")]
            public void Save(IOrderService service, Order order)
            {
                {|ND1001:service.SaveAsync(order).Wait()|};
                {|ND1001:Task.WaitAll(service.SaveAsync(order), service.SaveAsync(order))|};
            }
        }
        """ + Service,
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            [HttpPost("/orders")]
            public async Task Save(IOrderService service, Order order)
            {
                await service.SaveAsync(order);
                await Task.WhenAll(service.SaveAsync(order), service.SaveAsync(order));
            }
        }
        """ + Service);

    [Fact]
    public Task Replaces_Thread_Sleep_with_Task_Delay_passing_the_token_in_scope() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class RetryController : ControllerBase
        {
            public void Retry(CancellationToken cancellationToken) => {|ND1002:Thread.Sleep(500)|};

            public int Again()
            {
                {|ND1002:Thread.Sleep(TimeSpan.FromSeconds(1))|};
                return 1;
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        public class RetryController : ControllerBase
        {
            public async Task Retry(CancellationToken cancellationToken) => await Task.Delay(500, cancellationToken);

            public async Task<int> Again()
            {
                await Task.Delay(TimeSpan.FromSeconds(1), HttpContext.RequestAborted);
                return 1;
            }
        }
        """);

    [Fact]
    public Task Uses_WaitAsync_for_a_semaphore_in_an_async_method() => Verify.VerifyAsync(
        """
        [Microsoft.AspNetCore.Mvc.Controller]
        public class Gate
        {
            private readonly SemaphoreSlim semaphore = new(1);

            public async Task PassAsync(CancellationToken token)
            {
                {|ND1002:semaphore.Wait()|};
                try { await Task.Yield(); } finally { semaphore.Release(); }
            }
        }
        """,
        """
        [Microsoft.AspNetCore.Mvc.Controller]
        public class Gate
        {
            private readonly SemaphoreSlim semaphore = new(1);

            public async Task PassAsync(CancellationToken token)
            {
                await semaphore.WaitAsync(token);
                try { await Task.Yield(); } finally { semaphore.Release(); }
            }
        }
        """);

    [Fact]
    public Task Calls_the_async_counterpart_with_the_token() => Verify.VerifyAsync(
        """
        [Microsoft.AspNetCore.Mvc.Controller]
        public class Files
        {
            public async Task<string> ReadAsync(string path, Stream output, CancellationToken cancellationToken)
            {
                await Task.Yield();
                var buffer = new byte[16];
                {|ND1003:output.Write(buffer, 0, buffer.Length)|};
                return {|ND1003:File.ReadAllText(path)|};
            }
        }
        """,
        """
        [Microsoft.AspNetCore.Mvc.Controller]
        public class Files
        {
            public async Task<string> ReadAsync(string path, Stream output, CancellationToken cancellationToken)
            {
                await Task.Yield();
                var buffer = new byte[16];
                await output.WriteAsync(buffer, 0, buffer.Length, cancellationToken);
                return await File.ReadAllTextAsync(path, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Makes_a_minimal_api_lambda_async_for_EF_Core_and_adds_the_using() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Builder;

        public class Item { public int Id { get; set; } }

        public class ShopContext : Microsoft.EntityFrameworkCore.DbContext
        {
            public Microsoft.EntityFrameworkCore.DbSet<Item> Items => Set<Item>();
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/items", (ShopContext db, CancellationToken token) => {|ND1003:db.Items.Where(i => i.Id > 0).ToList()|});
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;

        public class Item { public int Id { get; set; } }

        public class ShopContext : Microsoft.EntityFrameworkCore.DbContext
        {
            public Microsoft.EntityFrameworkCore.DbSet<Item> Items => Set<Item>();
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/items", async (ShopContext db, CancellationToken token) => await db.Items.Where(i => i.Id > 0).ToListAsync(token));
        }
        """);

    [Fact]
    public Task Makes_a_minimal_api_method_group_handler_async() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.MapGet("/sleep", Handlers.Sleep);
        app.Run();

        public static class Handlers
        {
            public static string Sleep()
            {
                {|ND1005:Thread.Sleep(10)|};
                return "ok";
            }
        }
        """,
        """
        var app = WebApplication.Create(args);
        app.MapGet("/sleep", Handlers.Sleep);
        app.Run();

        public static class Handlers
        {
            public static async Task<string> Sleep()
            {
                await Task.Delay(10);
                return "ok";
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_where_changing_the_signature_would_break_or_detach_callers() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            private readonly Loader loader = new();
            [HttpGet("/orders/{id}")]
            public Order Get(int id) => loader.Load(id);
        }

        public class Loader
        {
            public IOrderService Service { get; set; } = null!;
            public Order Load(int id) => {|ND1004:Service.LoadAsync(id).Result|};
        }
        """ + Service,
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            private readonly Loader loader = new();
            [HttpGet("/orders/{id}")]
            public Order Get(int id) => loader.Load(id);
        }

        public class Loader
        {
            public IOrderService Service { get; set; } = null!;
            public Order Load(int id) => {|ND1004:Service.LoadAsync(id).Result|};
        }
        """ + Service);

    [Fact]
    public Task Awaits_the_task_an_expression_bodied_RequestDelegate_already_returns() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.Use((context, next) => next(context));
        app.Run(context => context.Response.WriteAsync({|ND1003:File.ReadAllText("banner.txt")|}));
        """, """
        var app = WebApplication.Create(args);
        app.Use((context, next) => next(context));
        app.Run(async context => await context.Response.WriteAsync(await File.ReadAllTextAsync("banner.txt", context.RequestAborted)));
        """);

    [Fact]
    public Task Does_not_make_a_block_lambda_that_returns_a_task_async() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.Run(context =>
        {
            var banner = {|ND1003:File.ReadAllText("banner.txt")|};
            return context.Response.WriteAsync(banner);
        });
        """, """
        var app = WebApplication.Create(args);
        app.Run(context =>
        {
            var banner = {|ND1003:File.ReadAllText("banner.txt")|};
            return context.Response.WriteAsync(banner);
        });
        """);
}
