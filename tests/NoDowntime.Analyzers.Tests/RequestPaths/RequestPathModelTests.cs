using System.Collections.Generic;
using System.Threading.Tasks;
using NoDowntime.Analyzers.RequestPaths;
using NoDowntime.Analyzers.Tests.Verification;
using System.Linq;
using Xunit;

namespace NoDowntime.Analyzers.Tests.RequestPaths;

public class RequestPathModelTests
{
    [Fact]
    public async Task Controller_actions_of_ControllerBase_are_entry_points_with_their_route()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            [Route("orders")]
            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("{id}")]
                public IActionResult Get(int id) => Ok(service.Load(id));

                [HttpPost]
                public IActionResult Create() => Ok();

                public IActionResult Plain() => Ok();

                [NonAction]
                public int Helper() => service.Count();

                private void Private() { }
            }

            public class OrderService
            {
                public int Load(int id) => Read(id);
                private int Read(int id) => id;
                public int Count() => 0;
            }
            """);

        Assert.Equal(EntryPointKind.ControllerAction, probe.Entries["GET /orders/{id}"]);
        Assert.Equal(EntryPointKind.ControllerAction, probe.Entries["POST /orders"]);
        Assert.Equal(EntryPointKind.ControllerAction, probe.Entries["OrdersController.Plain"]);
        Assert.Equal("GET /orders/{id} via OrdersController.Get -> OrderService.Load", probe.Paths["OrderService.Load"]);
        Assert.Equal("GET /orders/{id} via OrdersController.Get -> OrderService.Load -> OrderService.Read", probe.Paths["OrderService.Read"]);
        Assert.False(probe.Paths.ContainsKey("OrdersController.Helper"));
        Assert.False(probe.Paths.ContainsKey("OrderService.Count"));
        Assert.False(probe.Paths.ContainsKey("OrdersController.Private"));
    }

    [Fact]
    public async Task Api_controller_and_controller_attributes_mark_controllers_and_tokens_are_replaced()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/[controller]")]
            public class InvoicesController
            {
                [HttpGet("{id:int}")]
                public string GetAsync(int id) => "";

                [HttpDelete("/admin/invoices/{id}")]
                public void Delete(int id) { }
            }

            [Controller]
            public class Reports
            {
                public string Daily() => "";
            }

            public class NotAController
            {
                public string Daily() => "";
            }
            """);

        Assert.Equal(EntryPointKind.ControllerAction, probe.Entries["GET /api/Invoices/{id:int}"]);
        Assert.Equal(EntryPointKind.ControllerAction, probe.Entries["DELETE /admin/invoices/{id}"]);
        Assert.Equal(EntryPointKind.ControllerAction, probe.Entries["Reports.Daily"]);
        Assert.False(probe.Paths.ContainsKey("NotAController.Daily"));
    }

    [Fact]
    public async Task Public_methods_of_an_abstract_base_controller_are_actions_but_NonController_types_are_not()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            public abstract class ApiBase : ControllerBase
            {
                public IActionResult Ping() => Ok();
                public override string ToString() => "";
            }

            public class UsersController : ApiBase { }

            [NonController]
            public class HelperController : ControllerBase
            {
                public IActionResult Nope() => Ok();
            }
            """);

        Assert.True(probe.Paths.ContainsKey("ApiBase.Ping"));
        Assert.False(probe.Paths.ContainsKey("ApiBase.ToString"));
        Assert.False(probe.Paths.ContainsKey("HelperController.Nope"));
    }

    [Fact]
    public async Task Razor_page_handlers_are_entry_points()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public class IndexModel : PageModel
            {
                public void OnGet() { }
                public Task OnPostDeleteAsync() => Task.CompletedTask;
                public void Online() { }
                public void Helper() { }
            }
            """);

        Assert.Equal(EntryPointKind.RazorPageHandler, probe.Entries["IndexModel.OnGet"]);
        Assert.Equal(EntryPointKind.RazorPageHandler, probe.Entries["IndexModel.OnPostDeleteAsync"]);
        Assert.False(probe.Paths.ContainsKey("IndexModel.Online"));
        Assert.False(probe.Paths.ContainsKey("IndexModel.Helper"));
    }

    [Fact]
    public async Task Minimal_api_lambdas_method_groups_and_local_functions_are_entry_points_with_routes()
    {
        var probe = await RequestPathProbe.RunAsync("""
            var app = WebApplication.Create(args);
            app.MapGet("/orders/{id}", (int id) => Orders.Load(id));
            app.MapPost("/orders", Orders.Create);
            app.MapPut("/orders/{id}", Update);
            app.MapMethods("/ping", new[] { "get", "head" }, () => "pong");
            app.MapDelete("orders/{id}", async (int id) => { await System.Threading.Tasks.Task.Yield(); return Orders.Remove(id); });
            Orders.Seed();
            app.Run();

            static string Update(int id) => Orders.Touch(id);

            static class Orders
            {
                public static string Load(int id) => "";
                public static string Create() => "";
                public static string Touch(int id) => "";
                public static string Remove(int id) => "";
                public static void Seed() { }
            }
            """);

        Assert.Equal(EntryPointKind.MinimalApiHandler, probe.Entries["GET /orders/{id}"]);
        Assert.Equal(EntryPointKind.MinimalApiHandler, probe.Entries["POST /orders"]);
        Assert.Equal(EntryPointKind.MinimalApiHandler, probe.Entries["PUT /orders/{id}"]);
        Assert.Equal(EntryPointKind.MinimalApiHandler, probe.Entries["GET,HEAD /ping"]);
        Assert.Equal("GET /orders/{id} via Orders.Load", probe.Paths["Orders.Load"]);
        Assert.Equal("POST /orders via Orders.Create", probe.Paths["Orders.Create"]);
        Assert.Equal("PUT /orders/{id} via Update -> Orders.Touch", probe.Paths["Orders.Touch"]);
        Assert.Equal("DELETE /orders/{id} via Orders.Remove", probe.Paths["Orders.Remove"]);
        Assert.False(probe.Paths.ContainsKey("Orders.Seed"));
    }

    [Fact]
    public async Task Route_groups_prefix_the_route_of_their_handlers()
    {
        var probe = await RequestPathProbe.RunAsync("""
            var app = WebApplication.Create(args);
            var api = app.MapGroup("/api");
            var orders = api.MapGroup("orders").RequireAuthorization();
            orders.MapGet("/{id}", (int id) => id);
            app.MapGroup("/v2").MapPatch("/items", () => 1);
            app.Run();
            """);

        Assert.Equal(EntryPointKind.MinimalApiHandler, probe.Entries["GET /api/orders/{id}"]);
        Assert.Equal(EntryPointKind.MinimalApiHandler, probe.Entries["PATCH /v2/items"]);
    }

    [Fact]
    public async Task Route_groups_given_to_extension_methods_map_handlers_without_the_prefix()
    {
        var probe = await RequestPathProbe.RunAsync("""
            public static class OrderEndpoints
            {
                public static RouteGroupBuilder MapOrders(this RouteGroupBuilder group)
                {
                    group.MapGet("/", List);
                    return group;
                }

                private static int[] List() => Store.All();
            }

            public static class Store
            {
                public static int[] All() => new int[0];
            }
            """);

        Assert.Equal("GET / via OrderEndpoints.List -> Store.All", probe.Paths["Store.All"]);
    }

    [Fact]
    public async Task Convention_middleware_IMiddleware_and_inline_middleware_are_entry_points()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public class RequestLoggingMiddleware
            {
                private readonly RequestDelegate next;
                public RequestLoggingMiddleware(RequestDelegate next) => this.next = next;
                public Task InvokeAsync(HttpContext context) { Audit.Write(); return next(context); }
            }

            public class TenantMiddleware : IMiddleware
            {
                public Task InvokeAsync(HttpContext context, RequestDelegate next) => next(context);
            }

            public static class Audit
            {
                public static void Write() { }
                public static void Inline() { }
                public static void Terminal() { }
                public static void Nested() { }
            }

            public static class Pipeline
            {
                public static void Configure(IApplicationBuilder app)
                {
                    app.UseMiddleware<RequestLoggingMiddleware>();
                    app.Use(async (context, next) => { Audit.Inline(); await next(context); });
                    app.Use(next => context => { Audit.Nested(); return next(context); });
                    app.Run(context => { Audit.Terminal(); return Task.CompletedTask; });
                }
            }
            """);

        Assert.Equal(EntryPointKind.Middleware, probe.Entries["middleware RequestLogging"]);
        Assert.Equal(EntryPointKind.Middleware, probe.Entries["middleware Tenant"]);
        Assert.Equal("middleware RequestLogging via RequestLoggingMiddleware.InvokeAsync -> Audit.Write", probe.Paths["Audit.Write"]);
        Assert.Equal("middleware at Test0.cs:29 via Audit.Inline", probe.Paths["Audit.Inline"]);
        Assert.Equal("middleware at Test0.cs:30 via Audit.Nested", probe.Paths["Audit.Nested"]);
        Assert.Equal("middleware at Test0.cs:31 via Audit.Terminal", probe.Paths["Audit.Terminal"]);
        Assert.False(probe.Paths.ContainsKey("Pipeline.Configure"));
    }

    [Fact]
    public async Task SignalR_hub_methods_are_entry_points()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.SignalR;

            public interface IChatClient { Task Receive(string message); }

            public class ChatHub : Hub
            {
                public Task Send(string message) => Clients.All.SendAsync("m", message);
                public override Task OnConnectedAsync() => base.OnConnectedAsync();
            }

            public class TypedHub : Hub<IChatClient>
            {
                public Task Broadcast(string message) => Clients.All.Receive(message);
            }
            """);

        Assert.Equal(EntryPointKind.SignalRHubMethod, probe.Entries["hub ChatHub.Send"]);
        Assert.Equal(EntryPointKind.SignalRHubMethod, probe.Entries["hub ChatHub.OnConnectedAsync"]);
        Assert.Equal(EntryPointKind.SignalRHubMethod, probe.Entries["hub TypedHub.Broadcast"]);
    }

    [Fact]
    public async Task Grpc_service_methods_taking_a_ServerCallContext_are_entry_points()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using System.Threading.Tasks;

            namespace Grpc.Core
            {
                public abstract class ServerCallContext { }
            }

            namespace Greeting
            {
                public class HelloRequest { }
                public class HelloReply { }

                public abstract class GreeterBase
                {
                    public virtual Task<HelloReply> SayHello(HelloRequest request, Grpc.Core.ServerCallContext context) => Task.FromResult(new HelloReply());
                }

                public class GreeterService : GreeterBase
                {
                    public override Task<HelloReply> SayHello(HelloRequest request, Grpc.Core.ServerCallContext context) => Task.FromResult(Replies.Make());
                }

                public static class Replies
                {
                    public static HelloReply Make() => new HelloReply();
                }
            }
            """);

        Assert.Equal(EntryPointKind.GrpcServiceMethod, probe.Entries["gRPC GreeterService.SayHello"]);
        Assert.Equal("gRPC GreeterService.SayHello via GreeterService.SayHello -> Replies.Make", probe.Paths["Replies.Make"]);
    }

    [Fact]
    public async Task Background_services_and_hosted_services_are_entry_points()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class OrderSyncWorker : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) { Sync.Run(); return Task.CompletedTask; }
            }

            public class Warmup : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }

            public static class Sync
            {
                public static void Run() { }
            }
            """);

        Assert.Equal(EntryPointKind.BackgroundService, probe.Entries["OrderSyncWorker.ExecuteAsync"]);
        Assert.Equal(EntryPointKind.HostedService, probe.Entries["Warmup.StartAsync"]);
        Assert.Equal(EntryPointKind.HostedService, probe.Entries["Warmup.StopAsync"]);
        Assert.Equal("OrderSyncWorker.ExecuteAsync via OrderSyncWorker.ExecuteAsync -> Sync.Run", probe.Paths["Sync.Run"]);
    }

    [Fact]
    public async Task Interface_and_virtual_dispatch_reach_implementations_in_the_compilation()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            public interface IOrderService { int Load(int id); }
            public class OrderService : IOrderService { public int Load(int id) => Repository.Read(id); }
            public class UnusedService { public int Load(int id) => 0; }

            public abstract class Notifier { public abstract void Notify(); public virtual void Flush() { } public virtual int Pending => 0; }
            public class MailNotifier : Notifier { public override void Notify() { } public override void Flush() { } public override int Pending => Queue.Count(); }
            public static class Queue { public static int Count() => 0; }

            public interface IRepository<T> { T Get(int id); }
            public class IntRepository : IRepository<int> { public int Get(int id) => id; }

            public static class Repository { public static int Read(int id) => id; }

            public class OrdersController : ControllerBase
            {
                private readonly IOrderService service;
                private readonly Notifier notifier;
                private readonly IRepository<int> repository;
                public OrdersController(IOrderService service, Notifier notifier, IRepository<int> repository)
                { this.service = service; this.notifier = notifier; this.repository = repository; }

                public int Get(int id) { notifier.Notify(); notifier.Flush(); return service.Load(id) + repository.Get(id) + notifier.Pending; }
            }
            """);

        Assert.Equal("OrdersController.Get via OrdersController.Get -> OrderService.Load -> Repository.Read", probe.Paths["Repository.Read"]);
        Assert.True(probe.Paths.ContainsKey("MailNotifier.Notify"));
        Assert.True(probe.Paths.ContainsKey("MailNotifier.Flush"));
        Assert.True(probe.Paths.ContainsKey("Queue.Count"), "an overriding property accessor is reached through the base property");
        Assert.True(probe.Paths.ContainsKey("IntRepository.Get"));
        Assert.False(probe.Paths.ContainsKey("UnusedService.Load"));
    }

    [Fact]
    public async Task Interface_dispatch_reaches_explicit_implementations_and_interfaces_nested_in_generic_types()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            public interface IAudit { void Write(); }
            public class Audit : IAudit { void IAudit.Write() => Log.Append(); }
            public static class Log { public static void Append() { } }

            public class Outer<T> { public interface IStore { T Read(); } }
            public class IntStore : Outer<int>.IStore { public int Read() => Store.Fetch(); }
            public static class Store { public static int Fetch() => 0; }

            public class AuditController : ControllerBase
            {
                private readonly IAudit audit;
                private readonly Outer<int>.IStore store;
                public AuditController(IAudit audit, Outer<int>.IStore store) { this.audit = audit; this.store = store; }

                public int Get() { audit.Write(); return store.Read(); }
            }
            """);

        Assert.True(probe.Paths.ContainsKey("Log.Append"), "an explicit implementation of a non-generic interface is reached");
        Assert.True(probe.Paths.ContainsKey("Store.Fetch"), "an interface nested in a generic type is matched by its construction");
    }

    [Fact]
    public async Task Interface_dispatch_reaches_inherited_implementations_each_construction_and_interface_properties()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            public interface IPricing { int Price(); int Rate { get; } }
            public class PricingBase { public int Price() => Tariffs.Load(); }
            public class Pricing : PricingBase, IPricing { public int Rate => Rates.Read(); }
            public class GenericBase<T> { public int Price() => GenericTariffs.Load(); }
            public class GenericPricing : GenericBase<string>, IPricing { public int Rate => 0; }
            public static class Tariffs { public static int Load() => 0; }
            public static class GenericTariffs { public static int Load() => 0; }
            public static class Rates { public static int Read() => 0; }

            public interface IHandler<T> { void Handle(T message); }
            public class Handlers : IHandler<int>, IHandler<string>
            {
                public void Handle(int message) => Numbers.Save();
                public void Handle(string message) => Texts.Save();
            }
            public static class Numbers { public static void Save() { } }
            public static class Texts { public static void Save() { } }

            public class PricesController : ControllerBase
            {
                private readonly IPricing pricing;
                private readonly IHandler<string> handler;
                public PricesController(IPricing pricing, IHandler<string> handler) { this.pricing = pricing; this.handler = handler; }

                public int Get() { handler.Handle("x"); return pricing.Price() + pricing.Rate; }
            }
            """);

        Assert.True(probe.Paths.ContainsKey("Tariffs.Load"), "a base class method that implements a derived class's interface is reached");
        Assert.True(probe.Paths.ContainsKey("GenericTariffs.Load"), "so is one in a generic base class");
        Assert.True(probe.Paths.ContainsKey("Rates.Read"), "an interface property's getter reaches the implementation's getter");
        Assert.True(probe.Paths.ContainsKey("Texts.Save"), "a call through one construction reaches its implementation");
        Assert.True(probe.Paths.ContainsKey("Numbers.Save"), "calls of a generic interface's method are not told apart by construction");
    }

    [Fact]
    public async Task Property_accessors_constructors_local_functions_and_lambdas_carry_edges()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Mvc;

            public class Cart
            {
                private readonly Pricing pricing = Pricing.Create();
                public Cart() { Init(); }
                private void Init() { }
                public int Total => Compute();
                public int Discount { get => 0; set => Apply(value); }
                public string Label { get; set; } = "";
                private int Compute() => 1;
                private void Apply(int value) { }
            }

            public class Pricing
            {
                public static Pricing Create() => new Pricing();
                public static int Price(int x) => x;
                public static int Unused() => 0;
            }

            public class CartController : ControllerBase
            {
                public int Get()
                {
                    var cart = new Cart();
                    cart.Discount = 5;
                    cart.Label = cart.Label + "!";
                    int Local() => cart.Total;
                    return new[] { 1 }.Select(x => Pricing.Price(x)).Sum() + Local();
                }
            }
            """);

        Assert.Equal("CartController.Get via CartController.Get -> new Cart -> Cart.Init", probe.Paths["Cart.Init"]);
        Assert.Equal("CartController.Get via CartController.Get -> new Cart -> Pricing.Create", probe.Paths["Pricing.Create"]);
        Assert.Equal("CartController.Get via CartController.Get -> Local -> Cart.Total -> Cart.Compute", probe.Paths["Cart.Compute"]);
        Assert.Equal("CartController.Get via CartController.Get -> Cart.Discount -> Cart.Apply", probe.Paths["Cart.Apply"]);
        Assert.Equal("CartController.Get via CartController.Get -> Pricing.Price", probe.Paths["Pricing.Price"]);
        Assert.False(probe.Paths.ContainsKey("Pricing.Unused"));
        Assert.False(probe.Paths.ContainsKey("Cart.Label"), "An auto-property's accessors run no program code and carry no edge.");
    }

    [Fact]
    public async Task Start_up_code_in_top_level_statements_and_Main_is_not_a_request_path()
    {
        var probe = await RequestPathProbe.RunAsync("""
            public static class Program
            {
                public static void Main(string[] args)
                {
                    Migrations.Apply();
                    var app = WebApplication.Create(args);
                    app.MapGet("/", () => Handlers.Root());
                    app.Run();
                }
            }

            public static class Migrations { public static void Apply() { } }
            public static class Handlers { public static string Root() => ""; }
            """);

        Assert.False(probe.Paths.ContainsKey("Migrations.Apply"));
        Assert.False(probe.Paths.ContainsKey("Program.Main"));
        Assert.Equal("GET / via Handlers.Root", probe.Paths["Handlers.Root"]);
    }

    [Fact]
    public async Task Shortest_path_is_chosen_when_several_lead_to_a_method()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            public class AController : ControllerBase
            {
                public void Long() => Chain.One();
                public void Short() => Chain.Target();
            }

            public static class Chain
            {
                public static void One() => Two();
                public static void Two() => Target();
                public static void Target() { }
            }
            """);

        Assert.Equal("AController.Short via AController.Short -> Chain.Target", probe.Paths["Chain.Target"]);
    }

    [Fact]
    public async Task Among_equally_short_paths_the_caller_declared_first_is_shown()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            public class ZuluController : ControllerBase
            {
                public void Get() { Helpers.Second(); Helpers.First(); }
            }

            public class AlphaController : ControllerBase
            {
                public void Get() => Helpers.Target();
            }

            public class EchoController : ControllerBase
            {
                public void Get() => Helpers.Target();
            }

            public static class Helpers
            {
                public static void First() => Deep();
                public static void Second() => Deep();
                public static void Deep() { }
                public static void Target() { }
            }
            """);

        // Alpha is declared before Echo, First before Second: names and the order of the calls do not matter.
        Assert.Equal("ZuluController.Get via ZuluController.Get -> Helpers.First -> Helpers.Deep", probe.Paths["Helpers.Deep"]);
        Assert.Equal("AlphaController.Get via AlphaController.Get -> Helpers.Target", probe.Paths["Helpers.Target"]);
    }

    [Fact]
    public async Task Message_handlers_and_framework_callbacks_are_entry_points()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc.Filters;
            using Microsoft.Extensions.Diagnostics.HealthChecks;

            public class AuditFilter : IActionFilter
            {
                public void OnActionExecuting(ActionExecutingContext context) { }
                public void OnActionExecuted(ActionExecutedContext context) { }
            }

            public class DatabaseCheck : IHealthCheck
            {
                public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
                    Task.FromResult(HealthCheckResult.Healthy());
            }
            """);

        Assert.Equal(EntryPointKind.FrameworkCallback, probe.Entries["AuditFilter.OnActionExecuting"]);
        Assert.Equal(EntryPointKind.FrameworkCallback, probe.Entries["DatabaseCheck.CheckHealthAsync"]);
    }

    [Fact]
    public async Task Options_add_entry_attributes_and_base_types()
    {
        const string Source = """
            namespace Messaging
            {
                [System.AttributeUsage(System.AttributeTargets.All)]
                public sealed class QueueHandlerAttribute : System.Attribute { }
                public interface IMessageHandler<T> { void Handle(T message); }
            }

            public class Jobs
            {
                [Messaging.QueueHandler]
                public void Nightly() { }
            }

            public class OrderPlacedHandler : Messaging.IMessageHandler<string>
            {
                public void Handle(string message) { }
            }
            """;

        var without = await RequestPathProbe.RunAsync(Source);
        Assert.Empty(without.Entries);

        var with = await RequestPathProbe.RunAsync(Source, options: new Dictionary<string, string>
        {
            ["nodowntime.request_path.extra_entry_attributes"] = "QueueHandler",
            ["nodowntime.request_path.extra_entry_base_types"] = "Messaging.IMessageHandler<T>",
        });
        Assert.Equal(EntryPointKind.Configured, with.Entries["Jobs.Nightly"]);
        Assert.Equal(EntryPointKind.Configured, with.Entries["OrderPlacedHandler.Handle"]);
    }

    [Fact]
    public async Task Test_projects_have_no_request_paths()
    {
        var probe = await RequestPathProbe.RunAsync(
            """
            using Microsoft.AspNetCore.Mvc;
            public class OrdersController : ControllerBase { public void Get() { } }
            """,
            ReferenceSet.Default | ReferenceSet.Xunit);

        Assert.False(probe.ModelCreated);
        Assert.Empty(probe.Paths);
    }

    [Fact]
    public async Task Local_entry_point_check_answers_inside_actions_handlers_and_not_in_start_up_code()
    {
        var probe = await RequestPathProbe.RunAsync("""
            using Microsoft.AspNetCore.Mvc;

            var app = WebApplication.Create(args);
            Probes.Probe();
            app.MapGet("/x", () => { Probes.Probe(); return 1; });
            app.Run();

            public class OrdersController : ControllerBase
            {
                [HttpGet("/orders")]
                public int Get() { System.Func<int> f = () => Probes.Probe(); return Probes.Probe(); }
            }

            public static class Probes { public static int Probe() => 0; public static void Helper() => Probe(); }
            """);

        Assert.Equal(
            new[] { "(none)", "(none)", "GET /orders", "GET /orders", "GET /x" },
            probe.LocalEntries.OrderBy(x => x, System.StringComparer.Ordinal).ToArray());
    }
}
