using System.Threading.Tasks;
using NoDowntime.Analyzers.Cancellation;
using NoDowntime.Analyzers.CodeFixes.Cancellation;
using Xunit;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Cancellation.CancellableCallWithoutTokenAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Cancellation.PassAvailableTokenCodeFix>;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Cancellation.CancellableCallWithoutTokenAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Cancellation;

public class CancellableCallWithoutTokenTests
{
    // ---- availability sources ---------------------------------------------------------------------------

    [Fact]
    public Task Flags_overload_without_token_when_a_token_parameter_is_available() => Verify.VerifyAsync("""
        public class OrderClient(HttpClient http)
        {
            public async Task<string> LoadAsync(int id, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = await http.{|#0:GetAsync|}("/orders/" + id);
                return await response.Content.[|ReadAsStringAsync|]();
            }
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0)
            .WithArguments("HttpClient.GetAsync", "cancellationToken", "the caller cancels"));

    [Fact]
    public Task Flags_optional_token_left_at_default() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;

        public class Shop(DbContext db)
        {
            public async Task SaveAsync(CancellationToken ct)
            {
                await db.[|SaveChangesAsync|]();
                await Task.[|Delay|](100);
            }
        }
        """);

    [Fact]
    public Task Flags_call_in_middleware_with_RequestAborted() => Verify.VerifyAsync("""
        public class TimingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await next(context);
                await context.Response.{|#0:WriteAsync|}("done");
            }
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0)
            .WithArguments("HttpResponseWritingExtensions.WriteAsync", "context.RequestAborted", "the client disconnects"));

    [Fact]
    public Task Flags_call_in_minimal_api_handler_taking_HttpContext() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapGet("/ping", async (HttpContext http) => await http.Response.[|WriteAsync|]("pong"));
        app.Run();
        """);

    [Fact]
    public Task Flags_call_in_grpc_method_with_ServerCallContext_token() => Verify.VerifyAsync("""
        namespace Grpc.Core
        {
            public abstract class ServerCallContext
            {
                public CancellationToken CancellationToken => default;
            }
        }

        public class GreeterService
        {
            public async Task<string> SayHello(string name, Grpc.Core.ServerCallContext context)
            {
                await Task.{|#0:Delay|}(10);
                return name;
            }
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0)
            .WithArguments("Task.Delay", "context.CancellationToken", "the gRPC call is cancelled or its deadline passes"));

    [Fact]
    public Task Flags_call_in_ExecuteAsync_with_stoppingToken() => Verify.VerifyAsync("""
        public class Worker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.{|#0:Delay|}(1000);
                }
            }
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0).WithArguments("Task.Delay", "stoppingToken", "the caller cancels"));

    [Fact]
    public Task Flags_call_in_controller_helper_with_HttpContext_RequestAborted() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class ReportsController : ControllerBase
        {
            [HttpGet("report")]
            public async Task<IActionResult> Get(CancellationToken cancellationToken)
            {
                await Render();
                return Ok();
            }

            private async Task Render() => await Task.{|#0:Delay|}(5);
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0).WithArguments("Task.Delay", "HttpContext.RequestAborted", "the client disconnects"));

    [Fact]
    public Task Flags_call_in_handler_with_IHttpContextAccessor() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Authorization;

        public class Requirement : IAuthorizationRequirement { }

        public class SlowHandler(IHttpContextAccessor accessor) : AuthorizationHandler<Requirement>
        {
            protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
            {
                await Task.{|#0:Delay|}(5);
                context.Succeed(requirement);
            }
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0)
            .WithArguments("Task.Delay", "accessor.HttpContext?.RequestAborted ?? default", "the client disconnects"));

    [Fact]
    public Task Flags_call_with_linked_source_token_preferred() => Verify.VerifyAsync("""
        public class Sync
        {
            public async Task RunAsync(CancellationToken cancellationToken)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(TimeSpan.FromSeconds(5));
                await Task.{|#0:Delay|}(10);
            }
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0).WithArguments("Task.Delay", "cts.Token", "the caller cancels"));

    [Fact]
    public Task Flags_call_with_configured_token_carrier() => new Verification.AnalyzerTest(new CancellableCallWithoutTokenAnalyzer())
    {
        Sources =
        {
            """
            namespace MyCompany
            {
                public sealed class RequestContext
                {
                    public CancellationToken Aborted { get; init; }
                }
            }

            public class Handler
            {
                public async Task HandleAsync(MyCompany.RequestContext request) => await Task.{|#0:Delay|}(1);
            }
            """,
        },
        EditorConfigOptions = { ["nodowntime.cancellation.token_names"] = "MyCompany.RequestContext" },
        ExpectedDiagnostics = { Verification.ExpectedDiagnostic.For(Rules.CancellableCallWithoutToken).WithLocation(0).WithArguments("Task.Delay", "request.Aborted", "the caller cancels") },
    }.RunAsync();

    [Fact]
    public Task Flags_call_in_message_consumer_with_the_context_token() => Verify.VerifyAsync("""
        namespace MassTransit
        {
            public interface ConsumeContext
            {
                CancellationToken CancellationToken { get; }
            }

            public interface ConsumeContext<out T> : ConsumeContext
            {
                T Message { get; }
            }

            public interface IConsumer<in T>
            {
                Task Consume(ConsumeContext<T> context);
            }
        }

        public record OrderPlaced(int Id);

        public class OrderPlacedConsumer : MassTransit.IConsumer<OrderPlaced>
        {
            public async Task Consume(MassTransit.ConsumeContext<OrderPlaced> context) => await Task.{|#0:Delay|}(context.Message.Id);
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0).WithArguments("Task.Delay", "context.CancellationToken", "the caller cancels"));

    [Fact]
    public Task Flags_call_in_handler_taking_HttpRequest() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        app.MapPost("/upload", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            return await reader.{|#0:ReadToEndAsync|}();
        });
        app.Run();
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0)
            .WithArguments("StreamReader.ReadToEndAsync", "request.HttpContext.RequestAborted", "the client disconnects"));

    [Fact]
    public Task Flags_lambda_inside_method_with_token_through_capture() => Verify.VerifyAsync("""
        public class Batch
        {
            public Task RunAsync(int[] ids, CancellationToken ct) =>
                Task.WhenAll(ids.Select(async id => await Task.[|Delay|](id)));
        }
        """);

    [Fact]
    public Task Flags_await_foreach_without_WithCancellation() => Verify.VerifyAsync("""
        public class Reader
        {
            public async Task<int> CountAsync(IAsyncEnumerable<int> items, CancellationToken ct)
            {
                int n = 0;
                await foreach (int item in [|items|])
                {
                    n += item;
                }

                return n;
            }
        }
        """);

    [Fact]
    public Task Flags_async_stream_method_with_optional_token() => Verify.VerifyAsync("""
        using System.Threading.Channels;

        public class Pump(Channel<int> channel)
        {
            public async Task DrainAsync(CancellationToken ct)
            {
                await foreach (int item in channel.Reader.[|ReadAllAsync|]())
                {
                }
            }
        }
        """);

    // ---- traps ------------------------------------------------------------------------------------------

    [Fact]
    public Task Leaves_calls_without_token_overload_alone() => Verify.VerifyAsync("""
        public class Plain
        {
            public async Task RunAsync(Task other, CancellationToken ct)
            {
                await Task.WhenAll(other);
                await Task.Yield();
                await using var stream = new MemoryStream();
            }
        }
        """);

    [Fact]
    public Task Leaves_token_forwarded_under_another_name_alone() => Verify.VerifyAsync("""
        public class Forward
        {
            public async Task RunAsync(CancellationToken requestToken)
            {
                CancellationToken token = requestToken;
                await Task.Delay(10, token);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestToken);
                await Task.Delay(10, linked.Token);
            }
        }
        """);

    [Fact]
    public Task Leaves_code_without_any_token_alone() => Verify.VerifyAsync("""
        public class NoToken
        {
            public async Task RunAsync() => await Task.Delay(10);
        }
        """);

    [Fact]
    public Task Leaves_start_up_code_alone() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        var token = app.Lifetime.ApplicationStopping;
        await Task.Delay(10);
        app.MapGet("/", () => Task.Delay(5));
        await app.RunAsync();
        """);

    [Fact]
    public Task Leaves_disposal_paths_alone() => Verify.VerifyAsync("""
        public class Session : IAsyncDisposable
        {
            private readonly Stream stream = new MemoryStream();

            public async Task WriteAsync(byte[] data, CancellationToken ct)
            {
                try
                {
                    await stream.WriteAsync(data, ct);
                }
                catch (OperationCanceledException)
                {
                    await stream.FlushAsync();
                }
                finally
                {
                    await stream.FlushAsync();
                }
            }

            public async ValueTask DisposeAsync() => await stream.FlushAsync();
        }
        """);

    [Fact]
    public Task Leaves_StopAsync_alone() => Verify.VerifyAsync("""
        public class Flusher : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public async Task StopAsync(CancellationToken cancellationToken) => await Task.Delay(100);
        }
        """);

    [Fact]
    public Task Leaves_detached_work_and_discarded_tasks_to_ND3007() => Verify.VerifyAsync("""
        public class Detached
        {
            public void Start(CancellationToken ct)
            {
                Task.Run(async () => await Task.Delay(1000));
                _ = Task.Delay(10);
            }
        }
        """);

    [Fact]
    public Task Leaves_controller_action_without_token_to_ND3003() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class PingController : ControllerBase
        {
            [HttpGet("ping")]
            public async Task<IActionResult> Get()
            {
                await Task.Delay(5);
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Leaves_None_local_alone_as_a_source() => Verify.VerifyAsync("""
        public class Nothing
        {
            public async Task RunAsync()
            {
                CancellationToken none = CancellationToken.None;
                await Task.Delay(10);
            }
        }
        """);

    [Fact]
    public Task Leaves_Lazy_factories_and_discard_parameters_alone() => Verify.VerifyAsync("""
        public class Cache
        {
            private Lazy<Task<string>>? value;

            public Task<string> GetAsync(CancellationToken ct)
            {
                value ??= new Lazy<Task<string>>(async () => { await Task.Delay(1); return "v"; });
                return value.Value;
            }

            public Func<CancellationToken, Task> Handler() => async _ => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Prefers_the_innermost_token() => Verify.VerifyAsync("""
        public class Retry
        {
            public static Task RunAsync(Func<CancellationToken, Task> action, CancellationToken ct) => action(ct);

            public Task CallAsync(HttpContext context, CancellationToken requestToken) =>
                RunAsync(async attemptToken => await Task.{|#0:Delay|}(10), requestToken);
        }
        """,
        Verify.Diagnostic(Rules.CancellableCallWithoutToken).WithLocation(0).WithArguments("Task.Delay", "attemptToken", "the caller cancels"));

    // ---- fixes ------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_passes_the_token_positionally() => Fix.VerifyAsync("""
        public class OrderClient(HttpClient http)
        {
            public async Task<string> LoadAsync(int id, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = await http.[|GetAsync|]("/orders/" + id);
                await Task.[|Delay|](5);
                return await response.Content.[|ReadAsStringAsync|]();
            }
        }
        """, """
        public class OrderClient(HttpClient http)
        {
            public async Task<string> LoadAsync(int id, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = await http.GetAsync("/orders/" + id, cancellationToken);
                await Task.Delay(5, cancellationToken);
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Fix_uses_a_named_argument_when_optional_parameters_come_first() => Fix.VerifyAsync("""
        public class Api
        {
            public Task<int> SendAsync(string path, int retries = 3, bool log = false, CancellationToken cancellationToken = default) => Task.FromResult(retries);

            public async Task<int> CallAsync(HttpContext context) => await [|SendAsync|]("/x");
        }
        """, """
        public class Api
        {
            public Task<int> SendAsync(string path, int retries = 3, bool log = false, CancellationToken cancellationToken = default) => Task.FromResult(retries);

            public async Task<int> CallAsync(HttpContext context) => await SendAsync("/x", cancellationToken: context.RequestAborted);
        }
        """);

    [Fact]
    public Task Fix_adds_WithCancellation_to_await_foreach() => Fix.VerifyAsync("""
        public class Reader
        {
            public async Task<int> CountAsync(IAsyncEnumerable<int> items, CancellationToken ct)
            {
                int n = 0;
                await foreach (int item in [|items|])
                {
                    n += item;
                }

                return n;
            }
        }
        """, """
        public class Reader
        {
            public async Task<int> CountAsync(IAsyncEnumerable<int> items, CancellationToken ct)
            {
                int n = 0;
                await foreach (int item in items.WithCancellation(ct))
                {
                    n += item;
                }

                return n;
            }
        }
        """);

    [Fact]
    public Task Fix_passes_RequestAborted_in_middleware() => Fix.VerifyAsync("""
        public class TimingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await next(context);
                await context.Response.[|WriteAsync|]("done");
            }
        }
        """, """
        public class TimingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await next(context);
                await context.Response.WriteAsync("done", context.RequestAborted);
            }
        }
        """);
}
