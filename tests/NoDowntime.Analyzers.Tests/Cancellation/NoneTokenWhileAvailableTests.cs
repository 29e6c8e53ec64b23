using System.Threading.Tasks;
using Xunit;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Cancellation.NoneTokenWhileAvailableAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Cancellation.ReplaceNoneTokenCodeFix>;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Cancellation.NoneTokenWhileAvailableAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Cancellation;

public class NoneTokenWhileAvailableTests
{
    [Fact]
    public Task Flags_None_passed_while_a_parameter_token_is_available() => Verify.VerifyAsync("""
        public class Loader(HttpClient http)
        {
            public async Task LoadAsync(CancellationToken cancellationToken)
            {
                await http.GetAsync("/x", {|#0:CancellationToken.None|});
            }
        }
        """,
        Verify.Diagnostic(Rules.NoneTokenWhileAvailable).WithLocation(0)
            .WithArguments("CancellationToken.None", "HttpClient.GetAsync", "cancellationToken", "the caller cancels"));

    [Fact]
    public Task Flags_default_literal_default_expression_and_new_token() => Verify.VerifyAsync("""
        public class Loader
        {
            public async Task LoadAsync(HttpContext context)
            {
                await Task.Delay(1, [|default|]);
                await Task.Delay(1, [|default(CancellationToken)|]);
                await Task.Delay(1, [|new CancellationToken()|]);
                await Task.Delay(1, cancellationToken: [|CancellationToken.None|]);
            }
        }
        """);

    [Fact]
    public Task Flags_None_in_controller_action_with_HttpContext_RequestAborted() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class ItemsController : ControllerBase
        {
            [HttpGet("items")]
            public async Task<IActionResult> List()
            {
                await Task.Delay(1, {|#0:CancellationToken.None|});
                return Ok();
            }
        }
        """,
        Verify.Diagnostic(Rules.NoneTokenWhileAvailable).WithLocation(0)
            .WithArguments("CancellationToken.None", "Task.Delay", "HttpContext.RequestAborted", "the client disconnects"));

    [Fact]
    public Task Leaves_None_in_start_up_code_alone() => Verify.VerifyAsync("""
        var app = WebApplication.Create();
        await Task.Delay(1, CancellationToken.None);
        app.Run();
        """);

    [Fact]
    public Task Leaves_None_without_an_available_token_alone() => Verify.VerifyAsync("""
        public class Loader
        {
            public Task LoadAsync() => Task.Delay(1, CancellationToken.None);
        }
        """);

    [Fact]
    public Task Leaves_None_in_clean_up_and_detached_work_alone() => Verify.VerifyAsync("""
        public class Writer
        {
            public async Task WriteAsync(Stream stream, CancellationToken ct)
            {
                try
                {
                    await stream.FlushAsync(ct);
                }
                catch (Exception)
                {
                    await stream.FlushAsync(CancellationToken.None);
                }
                finally
                {
                    await stream.FlushAsync(default);
                }

                _ = stream.FlushAsync(CancellationToken.None);
                await Task.Run(() => { }, CancellationToken.None);
                await Task.Delay(1, new CancellationToken(true));
            }
        }
        """);

    [Fact]
    public Task Leaves_a_real_token_alone() => Verify.VerifyAsync("""
        public class Loader
        {
            public Task LoadAsync(CancellationToken ct) => Task.Delay(1, ct);
        }
        """);

    [Fact]
    public Task Fix_replaces_None_and_default_with_the_token() => Fix.VerifyAsync("""
        public class Loader
        {
            public async Task LoadAsync(HttpContext context)
            {
                await Task.Delay(1, [|CancellationToken.None|]);
                await Task.Delay(2, cancellationToken: [|default|]);
            }
        }
        """, """
        public class Loader
        {
            public async Task LoadAsync(HttpContext context)
            {
                await Task.Delay(1, context.RequestAborted);
                await Task.Delay(2, cancellationToken: context.RequestAborted);
            }
        }
        """);
}
