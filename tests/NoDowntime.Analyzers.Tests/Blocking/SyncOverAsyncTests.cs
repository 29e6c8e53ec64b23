using System.Threading.Tasks;
using NoDowntime.Analyzers.Blocking;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class SyncOverAsyncTests
{
    private const string Service = """

        public class Order { }

        public interface IOrderService
        {
            System.Threading.Tasks.Task<Order> LoadAsync(int id);
            System.Threading.Tasks.Task SaveAsync(Order order);
            System.Threading.Tasks.ValueTask<int> CountAsync();
        }
        """;

    [Fact]
    public Task Flags_Result_on_task_in_controller_action() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [Route("orders")]
        public class OrdersController : ControllerBase
        {
            private readonly IOrderService service;
            public OrdersController(IOrderService service) => this.service = service;

            [HttpGet("{id}")]
            public Order Get(int id) => {|#0:service.LoadAsync(id).Result|};
        }
        """ + Service,
        Verify.Diagnostic(Rules.SyncOverAsync).WithLocation(0)
            .WithArguments("Task<Order>.Result", "on GET /orders/{id}", "await the task instead"));

    [Fact]
    public Task Flags_Wait_GetResult_WaitAll_and_WaitAny_in_an_action() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            private readonly IOrderService service;
            public OrdersController(IOrderService service) => this.service = service;

            public void Save(Order order)
            {
                {|ND1001:service.SaveAsync(order).Wait()|};
                var o = {|ND1001:service.LoadAsync(1).GetAwaiter().GetResult()|};
                var p = {|ND1001:service.LoadAsync(2).ConfigureAwait(false).GetAwaiter().GetResult()|};
                var n = {|ND1001:service.CountAsync().Result|};
                var m = {|ND1001:service.CountAsync().GetAwaiter().GetResult()|};
                {|ND1001:Task.WaitAll(service.SaveAsync(o), service.SaveAsync(p))|};
                {|ND1001:Task.WaitAny(service.SaveAsync(o))|};
            }
        }
        """ + Service);

    [Fact]
    public Task Flags_Result_in_an_async_helper_only_when_a_request_reaches_it() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create();
        app.MapGet("/total", (OrderService orders) => orders.TotalAsync());
        app.Run();

        public class OrderService
        {
            private readonly IOrderService inner;
            public OrderService(IOrderService inner) => this.inner = inner;

            public async Task<int> TotalAsync()
            {
                await Task.Yield();
                return {|#0:inner.CountAsync().Result|};
            }

            // Nothing calls this one: being async does not put it on a request path.
            public async Task<int> UnusedAsync()
            {
                await Task.Yield();
                return inner.CountAsync().Result;
            }
        }
        """ + Service,
        Verify.Diagnostic(Rules.SyncOverAsyncOnPath).WithLocation(0)
            .WithArguments("ValueTask<int>.Result", "GET /total via OrderService.TotalAsync", "await the task instead"));

    [Fact]
    public Task Leaves_an_async_seeding_helper_that_only_start_up_calls_alone() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create();
        await Seeder.SeedAsync(new Catalog());
        app.MapGet("/", () => "ok");
        app.Run();

        public class Catalog
        {
            public Task<bool> IsEmptyAsync() => Task.FromResult(true);
            public void Add(string name) { }
        }

        public static class Seeder
        {
            public static async Task SeedAsync(Catalog catalog)
            {
                await Task.Yield();
                if (catalog.IsEmptyAsync().Result)
                {
                    catalog.Add("demo");
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_sync_helper_two_calls_below_a_controller_with_the_path() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [Route("orders")]
        public class OrdersController : ControllerBase
        {
            private readonly OrderFacade facade;
            public OrdersController(OrderFacade facade) => this.facade = facade;

            [HttpGet("{id}")]
            public Order Get(int id) => facade.Find(id);
        }

        public class OrderFacade
        {
            private readonly Loader loader;
            public OrderFacade(Loader loader) => this.loader = loader;
            public Order Find(int id) => loader.Load(id);
        }

        public class Loader
        {
            private readonly IOrderService service;
            public Loader(IOrderService service) => this.service = service;
            public Order Load(int id) => {|#0:service.LoadAsync(id).Result|};
            public Order Unused(int id) => service.LoadAsync(id).Result;
        }
        """ + Service,
        Verify.Diagnostic(Rules.SyncOverAsyncOnPath).WithLocation(0)
            .WithArguments("Task<Order>.Result", "GET /orders/{id} via OrdersController.Get -> OrderFacade.Find -> Loader.Load", "await the task instead"));

    [Fact]
    public Task Flags_through_interface_dispatch_in_a_minimal_api() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.MapGet("/orders/{id}", (int id, IReader reader) => reader.Read(id));
        app.Run();

        public interface IReader { Order Read(int id); }

        public class Reader : IReader
        {
            private readonly IOrderService service;
            public Reader(IOrderService service) => this.service = service;
            public Order Read(int id) => {|#0:service.LoadAsync(id).GetAwaiter().GetResult()|};
        }
        """ + Service,
        Verify.Diagnostic(Rules.SyncOverAsyncOnPath).WithLocation(0)
            .WithArguments("Task<Order>.GetAwaiter().GetResult()", "GET /orders/{id} via Reader.Read", "await the task instead"));

    [Fact]
    public Task Flags_in_a_minimal_api_lambda_and_in_inline_middleware() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.MapGet("/orders/{id}", (int id, IOrderService service) => {|ND1001:service.LoadAsync(id).Result|});
        app.Use((context, next) => { {|ND1001:next(context).Wait()|}; return Task.CompletedTask; });
        app.Run();
        """ + Service);

    [Fact]
    public Task Flags_in_background_service_hub_and_middleware() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.SignalR;

        public class Worker : BackgroundService
        {
            private readonly IOrderService service;
            public Worker(IOrderService service) => this.service = service;
            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                {|ND1001:service.SaveAsync(new Order()).Wait()|};
                return Task.CompletedTask;
            }
        }

        public class ChatHub : Hub
        {
            public void Send(IOrderService service) => {|ND1001:service.SaveAsync(new Order()).Wait()|};
        }

        public class RequestLoggingMiddleware
        {
            private readonly RequestDelegate next;
            public RequestLoggingMiddleware(RequestDelegate next) => this.next = next;
            public Task Invoke(HttpContext context) { {|ND1001:next(context).Wait()|}; return Task.CompletedTask; }
        }
        """ + Service);

    [Fact]
    public Task Leaves_a_task_awaited_earlier_alone() => Verify.VerifyAsync(
        """
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public async Task<Order> Get(IOrderService service)
            {
                var load = service.LoadAsync(1);
                await load;
                var again = service.LoadAsync(2);
                await again.ConfigureAwait(false);
                return load.Result ?? again.GetAwaiter().GetResult();
            }
        }
        """ + Service);

    [Fact]
    public Task Leaves_tasks_completed_by_WhenAll_alone() => Verify.VerifyAsync(
        """
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public async Task<int> Get(IOrderService service)
            {
                var a = service.LoadAsync(1);
                var b = service.LoadAsync(2);
                await Task.WhenAll(a, b);
                var tasks = new List<Task<Order>> { service.LoadAsync(3) };
                await Task.WhenAll(tasks);
                var all = tasks.Select(t => t.Result).ToList();
                foreach (var t in tasks) { _ = t.Result; }
                return (a.Result == b.Result ? 1 : 0) + tasks[0].Result.GetHashCode() + all.Count;
            }
        }
        """ + Service);

    [Fact]
    public Task Flags_only_the_wait_when_WhenAll_is_waited_synchronously() => Verify.VerifyAsync(
        """
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public bool Get(IOrderService service)
            {
                var a = service.LoadAsync(1);
                var b = service.LoadAsync(2);
                {|ND1001:Task.WhenAll(a, b).Wait()|};
                return a.Result == b.GetAwaiter().GetResult();
            }
        }
        """ + Service);

    [Fact]
    public Task Flags_a_task_that_WhenAll_does_not_include() => Verify.VerifyAsync(
        """
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public async Task<bool> Get(IOrderService service)
            {
                var a = service.LoadAsync(1);
                var b = service.LoadAsync(2);
                await Task.WhenAll(a);
                return a.Result == {|ND1001:b.Result|};
            }
        }
        """ + Service);

    [Fact]
    public Task Leaves_IsCompletedSuccessfully_guards_WhenAny_winners_and_continuations_alone() => Verify.VerifyAsync(
        """
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public async Task<Order> Get(IOrderService service)
            {
                var load = service.LoadAsync(1);
                if (load.IsCompletedSuccessfully)
                {
                    return load.Result;
                }

                var count = service.CountAsync();
                int n = count.IsCompletedSuccessfully ? count.Result : await count;

                var winner = await Task.WhenAny(service.LoadAsync(2), service.LoadAsync(3));
                var first = winner.Result;

                var next = service.LoadAsync(4).ContinueWith(t => t.Result);
                return Task.FromResult(first).Result ?? await next;
            }
        }
        """ + Service);

    [Fact]
    public Task Leaves_look_alike_Result_and_Wait_members_alone() => Verify.VerifyAsync(
        """
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Mvc;

        public class Outcome { public int Result { get; set; } public void Wait() { } }

        public class OrdersController : ControllerBase
        {
            public ActionResult<Order> Get(ActionResult<Order> previous, Outcome outcome, ValidationResult validation)
            {
                var inner = previous.Result;
                outcome.Wait();
                _ = validation.ErrorMessage;
                return outcome.Result > 0 ? previous : NotFound();
            }
        }
        """ + Service);

    [Fact]
    public Task Leaves_start_up_code_before_app_Run_alone() => Verify.VerifyAsync(
        """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        Seed.RunAsync().Wait();
        Seed.Load().GetAwaiter().GetResult();
        app.Lifetime.ApplicationStarted.Register(async () => { await Task.Yield(); Seed.RunAsync().Wait(); });
        app.Run();

        public static class Seed
        {
            public static Task RunAsync() => Task.CompletedTask;
            public static Task<int> Load() => Task.FromResult(Prepare().Result);
            private static Task<int> Prepare() => Task.FromResult(1);
            public static int Helper() => Prepare().Result;
        }
        """);

    [Fact]
    public Task Flags_blocking_in_constructors_of_controllers_and_services_created_per_request() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController : ControllerBase
        {
            private readonly Order seed;
            private readonly Catalog catalog;
            public OrdersController(IOrderService service, Catalog catalog)
            {
                seed = {|#0:service.LoadAsync(0).Result|};
                this.catalog = catalog;
            }

            [HttpGet("/orders")]
            public int Get() => catalog.Count();
        }

        public class Catalog
        {
            private readonly Order first;
            public Catalog(IOrderService service) => first = {|#1:service.LoadAsync(1).Result|};
            public int Count() => 1;
        }
        """ + Service,
        Verify.Diagnostic(Rules.SyncOverAsyncOnPath).WithLocation(0)
            .WithArguments("Task<Order>.Result", "GET /orders via OrdersController.Get -> new OrdersController", "await the task instead"),
        Verify.Diagnostic(Rules.SyncOverAsyncOnPath).WithLocation(1)
            .WithArguments("Task<Order>.Result", "GET /orders via OrdersController.Get -> Catalog.Count -> new Catalog", "await the task instead"));

    [Fact]
    public Task Flags_blocking_in_field_initializers_of_a_service_with_an_implicit_constructor() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class PricesController : ControllerBase
        {
            [HttpGet("/prices")]
            public int Get() => new PriceList().Count();
        }

        public class PriceList
        {
            private readonly int size = {|#0:Sizes.LoadAsync().Result|};
            public int Count() => size;
        }

        public static class Sizes
        {
            public static System.Threading.Tasks.Task<int> LoadAsync() => System.Threading.Tasks.Task.FromResult(1);
        }
        """,
        Verify.Diagnostic(Rules.SyncOverAsyncOnPath).WithLocation(0)
            .WithArguments("Task<int>.Result", "GET /prices via PricesController.Get -> new PriceList", "await the task instead"));

    [Fact]
    public Task Leaves_constructors_of_middleware_created_once_at_start_up_alone() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Http;

        public class TenantMiddleware
        {
            private readonly RequestDelegate next;
            private readonly Order defaults;

            public TenantMiddleware(RequestDelegate next, IOrderService service)
            {
                this.next = next;
                defaults = service.LoadAsync(0).Result;
            }

            public System.Threading.Tasks.Task InvokeAsync(HttpContext context) => next(context);
        }
        """ + Service);

    [Fact]
    public Task Leaves_async_seeding_helpers_called_at_start_up_alone() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        await Seeder.SeedAsync(app.Services);
        app.Run();

        public static class Seeder
        {
            public static async Task SeedAsync(IServiceProvider services)
            {
                await Task.Yield();
                var service = services.GetRequiredService<IOrderService>();
                service.SaveAsync(new Order()).Wait();
                Thread.Sleep(10);
            }
        }
        """ + Service);

    [Fact]
    public Task Leaves_code_no_entry_point_reaches_alone() => Verify.VerifyAsync(
        """
        public class ReportBuilder
        {
            public Order Build(IOrderService service) => service.LoadAsync(1).Result;
        }
        """ + Service);

    [Fact]
    public Task Leaves_test_projects_alone()
    {
        var test = Verify.Test(
            """
            public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
            {
                public Order Get(IOrderService service) => service.LoadAsync(1).Result;
                [Xunit.Fact] public void Test() => Task.Delay(1).Wait();
            }
            """ + Service);
        test.References = ReferenceSet.Default | ReferenceSet.Xunit;
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_generated_code_alone() => Verify.VerifyAsync(
        """
        // <auto-generated/>
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public Order Get(IOrderService service) => service.LoadAsync(1).Result;
        }
        """ + Service);

    [Fact]
    public Task Honours_extra_entry_attributes()
    {
        var test = Verify.Test(
            """
            public sealed class JobAttribute : System.Attribute { }

            public class Jobs
            {
                [Job]
                public void Nightly(IOrderService service) => {|ND1001:service.SaveAsync(new Order()).Wait()|};
            }
            """ + Service);
        test.EditorConfigOptions["nodowntime.request_path.extra_entry_attributes"] = "Job";
        return test.RunAsync();
    }
}
