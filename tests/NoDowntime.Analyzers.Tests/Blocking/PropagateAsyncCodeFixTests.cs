using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using NoDowntime.Analyzers.Blocking;
using NoDowntime.Analyzers.CodeFixes.Blocking;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer, NoDowntime.Analyzers.CodeFixes.Blocking.PropagateAsyncCodeFix>;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class PropagateAsyncCodeFixTests
{
    private const string Store = """

        public class Order { public string Name { get; set; } = ""; }

        public interface IOrderStore
        {
            Task<Order> LoadAsync(int id);
            Task SaveAsync(Order order);
        }
        """;

    private static CodeFixTest Test(string[] sources, string[] fixedSources)
    {
        var test = new CodeFixTest(new PropagateAsyncCodeFix(), new BlockingCallAnalyzer())
        {
            CodeActionEquivalenceKey = PropagateAsyncCodeFix.EquivalenceKey,
        };
        test.Sources.AddRange(sources);
        test.FixedSources.AddRange(fixedSources);
        return test;
    }

    [Fact]
    public Task Makes_a_chain_of_three_async_across_two_files_with_the_Async_suffix() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("/orders/{id}")]
                public IActionResult Get(int id) => Ok(service.Find(id).Name);
            }
            """,
            """
            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;

                public Order Find(int id)
                {
                    var order = Load(id);
                    return order;
                }

                private Order Load(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("/orders/{id}")]
                public async Task<IActionResult> Get(int id) => Ok((await service.FindAsync(id)).Name);
            }
            """,
            """
            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;

                public async Task<Order> FindAsync(int id)
                {
                    var order = await LoadAsync(id);
                    return order;
                }

                private async Task<Order> LoadAsync(int id) => await Store.LoadAsync(id);
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Turns_void_into_Task_and_only_awaits_in_a_caller_that_is_already_async() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly Audit audit = new();

                [HttpPost("/orders")]
                public async Task<IActionResult> Post(IOrderStore store, Order order)
                {
                    await store.SaveAsync(order);
                    audit.Write(order.Name);
                    return Ok();
                }
            }

            public class Audit
            {
                public void Write(string line)
                {
                    {|ND1004:File.AppendAllTextAsync("audit.log", line).Wait()|};
                }
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly Audit audit = new();

                [HttpPost("/orders")]
                public async Task<IActionResult> Post(IOrderStore store, Order order)
                {
                    await store.SaveAsync(order);
                    await audit.WriteAsync(order.Name);
                    return Ok();
                }
            }

            public class Audit
            {
                public async Task WriteAsync(string line)
                {
                    await File.AppendAllTextAsync("audit.log", line);
                }
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Makes_a_minimal_api_handler_lambda_async_and_keeps_an_Async_name() => Test(
        new[]
        {
            """
            var app = WebApplication.Create(args);
            app.MapGet("/orders/{id}", (int id, Pricing pricing) => pricing.PriceAsync(id) * 2);
            app.Run();

            public class Pricing
            {
                public decimal PriceAsync(int id)
                {
                    {|ND1005:Thread.Sleep(5)|};
                    return id;
                }
            }
            """,
        },
        new[]
        {
            """
            var app = WebApplication.Create(args);
            app.MapGet("/orders/{id}", async (int id, Pricing pricing) => await pricing.PriceAsync(id) * 2);
            app.Run();

            public class Pricing
            {
                public async Task<decimal> PriceAsync(int id)
                {
                    await Task.Delay(5);
                    return id;
                }
            }
            """,
        }).RunAsync();

    [Fact]
    public Task Is_not_offered_when_a_caller_implements_an_interface_from_outside_the_solution()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc.Filters;

            public class AuditFilter : IActionFilter
            {
                private readonly Audit audit = new();

                public void OnActionExecuting(ActionExecutingContext context) => context.HttpContext.Items["order"] = audit.Find(1);

                public void OnActionExecuted(ActionExecutedContext context)
                {
                }
            }

            public class Audit
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Find(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }
            """ + Store;
        return Test(new[] { source }, new[] { source }).RunAsync();
    }

    [Fact]
    public Task Is_not_offered_for_a_conditional_call_or_a_call_inside_lock()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private static readonly object Gate = new();
                private readonly OrderService? service = new();
                private readonly Counter counter = new();

                [HttpGet("/orders/{id}")]
                public string? Get(int id) => service?.Load(id).Name;

                [HttpPost("/orders/count")]
                public int Count()
                {
                    lock (Gate)
                    {
                        return counter.Next();
                    }
                }
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Load(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }

            public class Counter
            {
                public int Next()
                {
                    {|ND1005:Thread.Sleep(1)|};
                    return 1;
                }
            }
            """ + Store;
        return Test(new[] { source }, new[] { source }).RunAsync();
    }

    [Fact]
    public Task Changes_an_interface_in_the_solution_with_all_its_implementations() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly IOrderReader reader = new StoreReader();

                [HttpGet("/orders/{id}")]
                public Order Get(int id) => reader.Read(id);
            }

            public interface IOrderReader
            {
                Order Read(int id);
            }

            public class StoreReader : IOrderReader
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Read(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }

            public class FixedReader : IOrderReader
            {
                public Order Read(int id)
                {
                    if (id < 0)
                    {
                        return new Order();
                    }

                    return new Order { Name = "fixed" };
                }
            }

            public class CachingReader : IOrderReader
            {
                private readonly IOrderReader inner = new StoreReader();
                Order IOrderReader.Read(int id) => inner.Read(id);
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly IOrderReader reader = new StoreReader();

                [HttpGet("/orders/{id}")]
                public async Task<Order> Get(int id) => await reader.ReadAsync(id);
            }

            public interface IOrderReader
            {
                Task<Order> ReadAsync(int id);
            }

            public class StoreReader : IOrderReader
            {
                public IOrderStore Store { get; set; } = null!;
                public async Task<Order> ReadAsync(int id) => await Store.LoadAsync(id);
            }

            public class FixedReader : IOrderReader
            {
                public Task<Order> ReadAsync(int id)
                {
                    if (id < 0)
                    {
                        return Task.FromResult<Order>(new Order());
                    }

                    return Task.FromResult<Order>(new Order { Name = "fixed" });
                }
            }

            public class CachingReader : IOrderReader
            {
                private readonly IOrderReader inner = new StoreReader();
                async Task<Order> IOrderReader.ReadAsync(int id) => await inner.ReadAsync(id);
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Changes_a_void_interface_member_and_completes_the_implementation_that_has_nothing_to_await() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                [HttpPost("/orders/{id}/touch")]
                public IActionResult Touch(int id, [FromServices] IToucher toucher)
                {
                    toucher.Touch(id);
                    return Ok();
                }
            }

            public interface IToucher
            {
                void Touch(int id);
            }

            public class StoreToucher : IToucher
            {
                public IOrderStore Store { get; set; } = null!;

                public void Touch(int id)
                {
                    {|ND1004:Store.SaveAsync(new Order()).Wait()|};
                }
            }

            public class NullToucher : IToucher
            {
                public void Touch(int id)
                {
                    if (id < 0)
                    {
                        return;
                    }

                    System.Console.WriteLine(id);
                }
            }

            public class SilentToucher : IToucher
            {
                public void Touch(int id) => System.Console.WriteLine(id);
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                [HttpPost("/orders/{id}/touch")]
                public async Task<IActionResult> Touch(int id, [FromServices] IToucher toucher)
                {
                    await toucher.TouchAsync(id);
                    return Ok();
                }
            }

            public interface IToucher
            {
                Task TouchAsync(int id);
            }

            public class StoreToucher : IToucher
            {
                public IOrderStore Store { get; set; } = null!;

                public async Task TouchAsync(int id)
                {
                    await Store.SaveAsync(new Order());
                }
            }

            public class NullToucher : IToucher
            {
                public Task TouchAsync(int id)
                {
                    if (id < 0)
                    {
                        return Task.CompletedTask;
                    }

                    System.Console.WriteLine(id);
                    return Task.CompletedTask;
                }
            }

            public class SilentToucher : IToucher
            {
                public Task TouchAsync(int id)
                {
                    System.Console.WriteLine(id);
                    return Task.CompletedTask;
                }
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Is_not_offered_for_a_field_initializer()
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
                private readonly Order first = {|ND1004:Orders.Store.LoadAsync(1).Result|};
                public int Count() => 1;
            }

            public static class Orders
            {
                public static IOrderStore Store { get; set; } = null!;
            }
            """ + Store;
        return Test(new[] { source }, new[] { source }).RunAsync();
    }

    [Fact]
    public Task Is_not_offered_when_a_caller_is_a_property_getter()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly Catalog catalog = new();

                [HttpGet("/orders/first")]
                public string Get() => catalog.First;
            }

            public class Catalog
            {
                public IOrderStore Store { get; set; } = null!;
                public string First => Load().Name;
                private Order Load() => {|ND1004:Store.LoadAsync(1).Result|};
            }
            """ + Store;
        return Test(new[] { source }, new[] { source }).RunAsync();
    }

    [Fact]
    public Task Fix_All_makes_a_helper_async_once_for_two_diagnostics_and_composes_two_helpers_on_one_chain()
    {
        CodeFixTest test = Test(
            new[]
            {
                """
                using Microsoft.AspNetCore.Mvc;

                public class OrdersController : ControllerBase
                {
                    private readonly OrderService service = new();

                    [HttpGet("/orders/{id}")]
                    public string Get(int id) => service.Describe(id);
                }

                public class OrderService
                {
                    public IOrderStore Store { get; set; } = null!;

                    public string Describe(int id)
                    {
                        var first = {|ND1004:Store.LoadAsync(id).Result|};
                        var second = {|ND1004:Store.LoadAsync(id + 1).Result|};
                        Pause();
                        return first.Name + second.Name;
                    }

                    private static void Pause()
                    {
                        {|ND1005:Thread.Sleep(10)|};
                    }
                }
                """ + Store,
            },
            new[]
            {
                """
                using Microsoft.AspNetCore.Mvc;

                public class OrdersController : ControllerBase
                {
                    private readonly OrderService service = new();

                    [HttpGet("/orders/{id}")]
                    public async Task<string> Get(int id) => await service.DescribeAsync(id);
                }

                public class OrderService
                {
                    public IOrderStore Store { get; set; } = null!;

                    public async Task<string> DescribeAsync(int id)
                    {
                        var first = await Store.LoadAsync(id);
                        var second = {|ND1004:Store.LoadAsync(id + 1).Result|};
                        await PauseAsync();
                        return first.Name + second.Name;
                    }

                    private static async Task PauseAsync()
                    {
                        await Task.Delay(10);
                    }
                }
                """ + Store,
            });
        test.BatchFixedSources.Add("""
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("/orders/{id}")]
                public async Task<string> Get(int id) => await service.DescribeAsync(id);
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;

                public async Task<string> DescribeAsync(int id)
                {
                    var first = await Store.LoadAsync(id);
                    var second = await Store.LoadAsync(id + 1);
                    await PauseAsync();
                    return first.Name + second.Name;
                }

                private static async Task PauseAsync()
                {
                    await Task.Delay(10);
                }
            }
            """ + Store);
        return test.RunAsync();
    }

    [Fact]
    public Task Stops_at_callers_that_already_return_a_task_making_them_async_with_the_same_signature() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                [HttpGet("/orders/{id}")]
                public async Task<IActionResult> Get(int id, [FromServices] IOrderQueries queries)
                {
                    await queries.TouchAsync(id);
                    return Ok(await queries.GetAsync(id));
                }
            }

            public interface IOrderQueries
            {
                Task<Order> GetAsync(int id);
                Task TouchAsync(int id);
            }

            public class OrderQueries : IOrderQueries
            {
                public IOrderStore Store { get; set; } = null!;

                public Task<Order> GetAsync(int id) => Task.FromResult(Load(id));

                public Task TouchAsync(int id)
                {
                    if (id < 0)
                    {
                        return Task.CompletedTask;
                    }

                    Load(id);
                    return Task.CompletedTask;
                }

                private Order Load(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                [HttpGet("/orders/{id}")]
                public async Task<IActionResult> Get(int id, [FromServices] IOrderQueries queries)
                {
                    await queries.TouchAsync(id);
                    return Ok(await queries.GetAsync(id));
                }
            }

            public interface IOrderQueries
            {
                Task<Order> GetAsync(int id);
                Task TouchAsync(int id);
            }

            public class OrderQueries : IOrderQueries
            {
                public IOrderStore Store { get; set; } = null!;

                public async Task<Order> GetAsync(int id) => await LoadAsync(id);

                public async Task TouchAsync(int id)
                {
                    if (id < 0)
                    {
                        return;
                    }

                    await LoadAsync(id);
                }

                private async Task<Order> LoadAsync(int id) => await Store.LoadAsync(id);
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Makes_a_task_returning_method_async_in_place_without_touching_its_callers() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                [HttpGet("/orders/count")]
                public Task<int> Count([FromServices] Counter counter) => counter.CountAsync();
            }

            public class Counter
            {
                public Task<int> CountAsync()
                {
                    {|ND1005:Thread.Sleep(5)|};
                    return Task.FromResult(1);
                }
            }
            """,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                [HttpGet("/orders/count")]
                public Task<int> Count([FromServices] Counter counter) => counter.CountAsync();
            }

            public class Counter
            {
                public async Task<int> CountAsync()
                {
                    await Task.Delay(5);
                    return 1;
                }
            }
            """,
        }).RunAsync();

    [Fact]
    public Task Makes_local_functions_async_and_keeps_the_name_of_a_local_function_handler() => Test(
        new[]
        {
            """
            var app = WebApplication.Create(args);
            app.MapGet("/orders/{id}", Get);
            app.Run();

            string Get(int id, IOrderStore store) => Load(id, store).Name;

            Order Load(int id, IOrderStore store) => {|ND1004:store.LoadAsync(id).Result|};
            """ + Store,
        },
        new[]
        {
            """
            var app = WebApplication.Create(args);
            app.MapGet("/orders/{id}", Get);
            app.Run();

            async Task<string> Get(int id, IOrderStore store) => (await LoadAsync(id, store)).Name;

            async Task<Order> LoadAsync(int id, IOrderStore store) => await store.LoadAsync(id);
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Is_not_offered_when_the_chain_reaches_a_lambda_given_to_an_ordinary_delegate() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("/orders")]
                public IActionResult List(int[] ids) => Ok(ids.Select(id => service.Load(id).Name).ToList());
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Load(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("/orders")]
                public IActionResult List(int[] ids) => Ok(ids.Select(id => service.Load(id).Name).ToList());
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Load(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Is_not_offered_when_the_async_name_is_taken() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("/orders/{id}")]
                public Order Get(int id) => service.Load(id);
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Load(int id) => {|ND1004:LoadAsync(id).Result|};
                public Task<Order> LoadAsync(int id) => Store.LoadAsync(id);
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly OrderService service = new();

                [HttpGet("/orders/{id}")]
                public Order Get(int id) => service.Load(id);
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Load(int id) => {|ND1004:LoadAsync(id).Result|};
                public Task<Order> LoadAsync(int id) => Store.LoadAsync(id);
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public Task Renames_nameof_references_and_reads_the_form_asynchronously_in_a_helper() => Test(
        new[]
        {
            """
            var app = WebApplication.Create(args);
            app.MapPost("/upload", (HttpContext context) => FormHelper.Describe(context));
            app.Run();

            public static class FormHelper
            {
                public static string Describe(HttpContext context) => nameof(Name) + ": " + Name(context.Request);

                private static string Name(HttpRequest request) => {|ND1006:request.Form|}["name"].ToString();
            }
            """,
        },
        new[]
        {
            """
            var app = WebApplication.Create(args);
            app.MapPost("/upload", async (HttpContext context) => await FormHelper.DescribeAsync(context));
            app.Run();

            public static class FormHelper
            {
                public static async Task<string> DescribeAsync(HttpContext context) => nameof(NameAsync) + ": " + await NameAsync(context.Request);

                private static async Task<string> NameAsync(HttpRequest request) => (await request.ReadFormAsync(request.HttpContext.RequestAborted))["name"].ToString();
            }
            """,
        }).RunAsync();

    [Fact]
    public async Task On_a_realistic_service_is_offered_only_where_the_chain_can_change_and_the_result_compiles()
    {
        var test = new AnalyzerTest(new BlockingCallAnalyzer()) { ImplicitUsings = false };
        Project project = test.CreateSolution(new[] { RobustnessTests.RealisticSource }).Projects.Single();
        var fix = new PropagateAsyncCodeFix();
        var offered = new List<string>();
        foreach (Diagnostic diagnostic in await test.GetAnalyzerDiagnosticsAsync(project, CancellationToken.None))
        {
            Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            foreach (CodeAction action in actions)
            {
                offered.Add(action.Title);
                var operations = await action.GetOperationsAsync(CancellationToken.None);
                Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                Compilation compilation = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
                var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(5)));
                string text = (await changed.GetProject(project.Id)!.Documents.Single(d => d.Name.StartsWith("Test0", StringComparison.Ordinal)).GetTextAsync()).ToString();
                Assert.Contains("await Helpers.PauseAsync();", text);
                Assert.Contains("public static async Task PauseAsync() => await Task.Delay(5);", text);
            }
        }

        // OrderService.Load implements an interface, the others are entry points or already async.
        Assert.Equal(new[] { "Make 'Pause' async and update its callers" }, offered);
    }

    [Fact]
    public Task Renames_cref_references_and_keeps_a_hub_method_name() => Test(
        new[]
        {
            """
            using Microsoft.AspNetCore.SignalR;

            public class OrdersHub : Hub
            {
                private readonly OrderService service = new();

                public string Name(int id) => service.Load(id).Name;
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;

                /// <summary>Loads an order; see <see cref="Load(int)"/>.</summary>
                public Order Load(int id) => {|ND1004:Store.LoadAsync(id).Result|};
            }
            """ + Store,
        },
        new[]
        {
            """
            using Microsoft.AspNetCore.SignalR;

            public class OrdersHub : Hub
            {
                private readonly OrderService service = new();

                public async Task<string> Name(int id) => (await service.LoadAsync(id)).Name;
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;

                /// <summary>Loads an order; see <see cref="LoadAsync(int)"/>.</summary>
                public async Task<Order> LoadAsync(int id) => await Store.LoadAsync(id);
            }
            """ + Store,
        }).RunAsync();

    [Fact]
    public async Task Runs_without_an_exception_on_prefixes_of_a_source_with_every_shape_it_handles()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly IOrderReader reader = new StoreReader();
                private readonly OrderService service = new();

                [HttpGet("/orders/{id}")]
                public Order Get(int id) => reader.Read(id);

                [HttpGet("/orders/{id}/name")]
                public string Name(int id) => service.Describe(id) + Request.Form["x"];
            }

            public interface IOrderReader { Order Read(int id); }

            public class StoreReader : IOrderReader
            {
                public IOrderStore Store { get; set; } = null!;
                public Order Read(int id) => Store.LoadAsync(id).Result;
            }

            public class OrderService
            {
                public IOrderStore Store { get; set; } = null!;

                public string Describe(int id)
                {
                    string Local() => Load(id).Name;
                    Thread.Sleep(1);
                    return Local() + nameof(Load);
                }

                public Task<int> CountAsync() => Task.FromResult(Load(1).Name.Length);

                private Order Load(int id) => Store.LoadAsync(id).Result;
            }
            """ + Store;
        var test = new AnalyzerTest(new BlockingCallAnalyzer());
        var fix = new PropagateAsyncCodeFix();
        Project full = test.CreateSolution(new[] { source }).Projects.Single();
        SyntaxTree tree = (await full.Documents.Single(d => d.Name.StartsWith("Test0", StringComparison.Ordinal)).GetSyntaxTreeAsync())!;
        var cuts = (await tree.GetRootAsync()).DescendantTokens().Select(t => t.Span.End).Distinct().Where((_, i) => i % 6 == 0).Append(source.Length).ToList();
        int applied = 0;
        var complete = new List<string>();
        foreach (int cut in cuts)
        {
            Project project = test.CreateSolution(new[] { source.Substring(0, cut) }).Projects.Single();
            foreach (Diagnostic diagnostic in await test.GetAnalyzerDiagnosticsAsync(project, CancellationToken.None))
            {
                var actions = new List<CodeAction>();
                Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                foreach (CodeAction action in actions)
                {
                    var operations = await action.GetOperationsAsync(CancellationToken.None);
                    applied++;
                    if (cut == source.Length)
                    {
                        // On the complete source every offered change must compile.
                        Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                        Compilation compilation = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
                        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                        Assert.True(errors.Count == 0, action.Title + ": " + string.Join(Environment.NewLine, errors.Take(5)));
                        complete.Add(action.Title);
                    }
                }
            }
        }

        Assert.True(applied > 0);
        Assert.Equal(
            new[] { "Make 'Describe' async and update its callers", "Make 'Load' async and update its callers", "Make 'Read' async and update its callers" },
            complete.Distinct().OrderBy(t => t, StringComparer.Ordinal));
    }
}
