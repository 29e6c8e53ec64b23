using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Cancellation.FireAndForgetWithoutTokenAnalyzer>;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Cancellation.FireAndForgetWithoutTokenAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Cancellation.AwaitFireAndForgetCodeFix>;

namespace NoDowntime.Analyzers.Tests.Cancellation;

public class FireAndForgetWithoutTokenTests
{
    [Fact]
    public Task Flags_Task_Run_discarded_in_a_controller_action() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        [Route("orders")]
        public class OrdersController : ControllerBase
        {
            [HttpPost]
            public IActionResult Create()
            {
                _ = Task.{|#0:Run|}(async () => await Task.Delay(1000));
                Task.[|Run|](() => Console.WriteLine("audit"));
                return Accepted();
            }
        }
        """,
        Verify.Diagnostic(Rules.FireAndForgetWithoutToken).WithLocation(0).WithArguments("Task.Run", "POST /orders"));

    [Fact]
    public Task Flags_discarded_async_call_in_minimal_api_handler_and_helper_with_token() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapPost("/mail", (Mailer mailer) => { _ = mailer.[|SendAsync|]("hi"); return Results.Accepted(); });
        app.Run();

        public class Mailer
        {
            public Task SendAsync(string body) => Task.CompletedTask;

            public void Queue(string body, CancellationToken ct)
            {
                _ = {|#0:SendAsync|}(body);
            }
        }
        """,
        Verify.Diagnostic(Rules.FireAndForgetWithoutToken).WithLocation(0).WithArguments("Mailer.SendAsync", "Mailer.Queue"));

    [Fact]
    public Task Flags_StartNew_and_discard_with_None() => Verify.VerifyAsync("""
        public class Middleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                Task.Factory.[|StartNew|](() => { });
                _ = Task.[|Run|](() => { }, CancellationToken.None);
                await next(context);
            }
        }
        """);

    [Fact]
    public Task Leaves_awaited_stored_and_token_carrying_work_alone() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class JobsController : ControllerBase
        {
            [HttpPost("jobs")]
            public async Task<IActionResult> Start(CancellationToken ct)
            {
                await Task.Run(() => { });
                Task pending = Task.Run(() => { });
                _ = Task.Run(() => Work(ct));
                _ = Task.Run(() => { }, ct);
                _ = Work(ct);
                await pending;
                return Ok();
            }

            private static Task Work(CancellationToken ct) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Leaves_code_off_request_paths_and_start_up_alone() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        _ = Task.Run(() => { });
        app.Run();

        public class Helper
        {
            public void Kick() => _ = Task.Run(() => { });
        }
        """);

    [Fact]
    public Task Fix_awaits_discarded_work_in_async_code() => Fix.VerifyAsync("""
        public class Middleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                // audit in the background
                Task.Factory.[|StartNew|](() => { });
                _ = Task.[|Run|](() => { }, CancellationToken.None);
                await next(context);
            }
        }
        """, """
        public class Middleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                // audit in the background
                await Task.Factory.StartNew(() => { });
                await Task.Run(() => { }, CancellationToken.None);
                await next(context);
            }
        }
        """);

    [Fact]
    public Task Fix_awaits_inside_an_async_lambda_handler() => Fix.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapPost("/mail", async (Mailer mailer) => { _ = mailer.[|SendAsync|]("hi"); await Task.Yield(); return Results.Accepted(); });
        app.Run();

        public class Mailer
        {
            public Task SendAsync(string body) => Task.CompletedTask;
        }
        """, """
        var app = WebApplication.Create();
        app.MapPost("/mail", async (Mailer mailer) => { await mailer.SendAsync("hi"); await Task.Yield(); return Results.Accepted(); });
        app.Run();

        public class Mailer
        {
            public Task SendAsync(string body) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_where_await_is_not_allowed() => Fix.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        [Route("orders")]
        public class OrdersController : ControllerBase
        {
            [HttpPost]
            public IActionResult Create()
            {
                _ = Task.[|Run|](async () => await Task.Delay(1000));
                return Accepted();
            }
        }
        """, """
        using Microsoft.AspNetCore.Mvc;

        [Route("orders")]
        public class OrdersController : ControllerBase
        {
            [HttpPost]
            public IActionResult Create()
            {
                _ = Task.[|Run|](async () => await Task.Delay(1000));
                return Accepted();
            }
        }
        """);
}
