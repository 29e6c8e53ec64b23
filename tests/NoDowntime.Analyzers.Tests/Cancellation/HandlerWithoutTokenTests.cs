using System.Threading.Tasks;
using Xunit;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Cancellation.HandlerWithoutTokenAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Cancellation.AddTokenParameterCodeFix>;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Cancellation.HandlerWithoutTokenAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Cancellation;

public class HandlerWithoutTokenTests
{
    [Fact]
    public Task Flags_controller_action_awaiting_cancellable_work_without_token() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        [Route("orders")]
        public class OrdersController(HttpClient http) : ControllerBase
        {
            [HttpGet("{id}")]
            public async Task<IActionResult> {|#0:Get|}(int id)
            {
                string body = await http.GetStringAsync("/orders/" + id);
                return Ok(body);
            }
        }
        """,
        Verify.Diagnostic(Rules.HandlerWithoutToken).WithLocation(0).WithArguments("GET /orders/{id}", "HttpClient.GetStringAsync"));

    [Fact]
    public Task Flags_minimal_api_lambda_without_token() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapGet("/slow", async {|#0:()|} => { await Task.Delay(100); return "ok"; });
        app.MapPost("/items/{id}", async [|(int id, HttpClient http)|] => await http.GetStringAsync("/x/" + id));
        app.Run();
        """,
        Verify.Diagnostic(Rules.HandlerWithoutToken).WithLocation(0).WithArguments("GET /slow", "Task.Delay"));

    [Fact]
    public Task Flags_razor_page_handler_without_token() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public class IndexModel : PageModel
        {
            public async Task [|OnGetAsync|]() => await Task.Delay(10);
        }
        """);

    [Fact]
    public Task Leaves_handlers_with_a_token_source_alone() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class PingController : ControllerBase
        {
            [HttpGet("a")]
            public async Task<IActionResult> A(CancellationToken cancellationToken)
            {
                await Task.Delay(5);
                return Ok();
            }

            [HttpGet("b")]
            public IActionResult B() => Ok();

            [HttpGet("c")]
            public async Task<IActionResult> C()
            {
                await Task.Yield();
                _ = Task.Delay(5);
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Leaves_minimal_api_handlers_with_HttpContext_or_token_alone() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapGet("/a", async (HttpContext context) => await Task.Delay(1));
        app.MapGet("/b", async (CancellationToken ct) => await Task.Delay(1, ct));
        app.MapGet("/c", () => "sync");
        app.Run();
        """);

    [Fact]
    public Task Leaves_non_handlers_alone() => Verify.VerifyAsync("""
        public class Service
        {
            public async Task RunAsync() => await Task.Delay(10);
        }
        """);

    [Fact]
    public Task Fix_adds_the_parameter_and_forwards_it_to_every_call() => Fix.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController(HttpClient http) : ControllerBase
        {
            [HttpGet("{id}")]
            public async Task<IActionResult> [|Get|](int id)
            {
                string body = await http.GetStringAsync("/orders/" + id);
                await Task.Delay(5);
                string[] parts = await Task.WhenAll(new[] { 1, 2 }.Select(async n => await http.GetStringAsync("/parts/" + n)));
                return Ok(body + parts.Length);
            }

            [HttpPost]
            public async Task<IActionResult> [|Post|](string name, int retries = 2)
            {
                await Task.Delay(retries);
                return Ok(name);
            }
        }
        """, """
        using Microsoft.AspNetCore.Mvc;

        public class OrdersController(HttpClient http) : ControllerBase
        {
            [HttpGet("{id}")]
            public async Task<IActionResult> Get(int id, CancellationToken cancellationToken)
            {
                string body = await http.GetStringAsync("/orders/" + id, cancellationToken);
                await Task.Delay(5, cancellationToken);
                string[] parts = await Task.WhenAll(new[] { 1, 2 }.Select(async n => await http.GetStringAsync("/parts/" + n, cancellationToken)));
                return Ok(body + parts.Length);
            }

            [HttpPost]
            public async Task<IActionResult> Post(string name, CancellationToken cancellationToken, int retries = 2)
            {
                await Task.Delay(retries, cancellationToken);
                return Ok(name);
            }
        }
        """);

    [Fact]
    public Task Fix_adds_the_parameter_to_a_minimal_api_lambda() => Fix.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapGet("/slow", async [|()|] => { await Task.Delay(100); return "ok"; });
        app.MapGet("/items/{id}", async [|(int id, HttpClient http)|] => await http.GetStringAsync("/x/" + id));
        app.Run();
        """, """
        var app = WebApplication.Create();
        app.MapGet("/slow", async (CancellationToken cancellationToken) => { await Task.Delay(100, cancellationToken); return "ok"; });
        app.MapGet("/items/{id}", async (int id, HttpClient http, CancellationToken cancellationToken) => await http.GetStringAsync("/x/" + id, cancellationToken));
        app.Run();
        """);

    [Fact]
    public Task Fix_passes_a_named_token_and_avoids_name_clashes() => Fix.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class JobsController : ControllerBase
        {
            private static Task<int> SendAsync(string path, int retries = 3, CancellationToken cancellationToken = default) => Task.FromResult(retries);

            [HttpGet("jobs")]
            public async Task<IActionResult> [|List|](string cancellationToken)
            {
                int n = await SendAsync(cancellationToken);
                return Ok(n);
            }
        }
        """, """
        using Microsoft.AspNetCore.Mvc;

        public class JobsController : ControllerBase
        {
            private static Task<int> SendAsync(string path, int retries = 3, CancellationToken cancellationToken = default) => Task.FromResult(retries);

            [HttpGet("jobs")]
            public async Task<IActionResult> List(string cancellationToken, CancellationToken cancellationToken2)
            {
                int n = await SendAsync(cancellationToken, cancellationToken: cancellationToken2);
                return Ok(n);
            }
        }
        """);

    [Fact]
    public Task Fix_All_adds_tokens_across_the_project()
    {
        var test = new Verification.CodeFixTest(new NoDowntime.Analyzers.CodeFixes.Cancellation.AddTokenParameterCodeFix(), new NoDowntime.Analyzers.Cancellation.HandlerWithoutTokenAnalyzer());
        test.Sources.Add("""
            using Microsoft.AspNetCore.Mvc;

            public class AController : ControllerBase
            {
                [HttpGet("a")]
                public async Task<IActionResult> [|Get|]() { await Task.Delay(1); return Ok(); }
            }
            """);
        test.Sources.Add("""
            using Microsoft.AspNetCore.Mvc;

            public class BController : ControllerBase
            {
                [HttpGet("b")]
                public async Task<IActionResult> [|Get|]() { await Task.Delay(2); return Ok(); }
            }
            """);
        test.FixedSources.Add("""
            using Microsoft.AspNetCore.Mvc;

            public class AController : ControllerBase
            {
                [HttpGet("a")]
                public async Task<IActionResult> Get(CancellationToken cancellationToken) { await Task.Delay(1, cancellationToken); return Ok(); }
            }
            """);
        test.FixedSources.Add("""
            using Microsoft.AspNetCore.Mvc;

            public class BController : ControllerBase
            {
                [HttpGet("b")]
                public async Task<IActionResult> Get(CancellationToken cancellationToken) { await Task.Delay(2, cancellationToken); return Ok(); }
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_minimal_api_method_group_handler_in_the_same_file() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        var todos = app.MapGroup("/todos");
        todos.MapGet("/", Todos.GetAll);
        todos.MapGet("/count", Todos.Count);
        app.Run();

        static class Todos
        {
            public static async Task<string> {|#0:GetAll|}(HttpClient http) => await http.GetStringAsync("/all");

            public static async Task<int> Count(CancellationToken ct) { await Task.Delay(1, ct); return 1; }
        }
        """,
        Verify.Diagnostic(Rules.HandlerWithoutToken).WithLocation(0).WithArguments("GET /todos", "HttpClient.GetStringAsync"));

    [Fact]
    public Task Leaves_method_group_handlers_that_take_HttpContext_alone() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapGet("/exists", Todos.Exists);
        app.MapGet("/nested", Todos.Nested);
        app.Run();

        static class Todos
        {
            public static async Task<string> Exists(HttpContext context, HttpClient http) => await http.GetStringAsync("/all", context.RequestAborted);

            public static async Task<string> Nested(HttpContext context, HttpClient http)
            {
                Task<string> Read() => http.GetStringAsync("/all");
                return await Read();
            }
        }
        """);

    [Fact]
    public Task Flags_a_method_group_handler_with_HttpContext_whose_static_local_function_drops_the_token() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapGet("/all", Todos.GetAll);
        app.Run();

        static class Todos
        {
            public static async Task<string> {|#0:GetAll|}(HttpContext context)
            {
                return await Read(new HttpClient());

                static Task<string> Read(HttpClient http) => http.GetStringAsync("/all");
            }
        }
        """,
        Verify.Diagnostic(Rules.HandlerWithoutToken).WithLocation(0).WithArguments("GET /all", "HttpClient.GetStringAsync"));

    [Fact]
    public Task Fix_adds_the_parameter_to_a_method_group_handler() => Fix.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapGet("/all", Todos.GetAll);
        app.Run();

        static class Todos
        {
            public static async Task<string> [|GetAll|](HttpClient http) => await http.GetStringAsync("/all");
        }
        """, """
        var app = WebApplication.Create();
        app.MapGet("/all", Todos.GetAll);
        app.Run();

        static class Todos
        {
            public static async Task<string> GetAll(HttpClient http, CancellationToken cancellationToken) => await http.GetStringAsync("/all", cancellationToken);
        }
        """);
}
