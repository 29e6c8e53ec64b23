using System.Threading.Tasks;
using NoDowntime.Analyzers.Blocking;
using NoDowntime.Analyzers.CodeFixes.Blocking;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer, NoDowntime.Analyzers.CodeFixes.Blocking.BlockingCallCodeFix>;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class FormReadTests
{
    [Fact]
    public Task Flags_Request_Form_in_a_controller_action() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : ControllerBase
        {
            [HttpPost("/upload")]
            public IActionResult Post() => Ok({|#0:Request.Form|}["name"].ToString());
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("HttpRequest.Form", "on POST /upload", "use 'await Request.ReadFormAsync' instead"));

    [Fact]
    public Task Flags_HttpContext_Request_Form_in_a_helper_a_handler_reaches() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.MapPost("/upload", (HttpContext context) => FormHelper.Name(context));
        app.Run();

        public static class FormHelper
        {
            public static string Name(HttpContext context) => {|ND1006:context.Request.Form|}["name"].ToString();
        }
        """);

    [Fact]
    public Task Leaves_Request_Form_alone_after_an_awaited_ReadFormAsync() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : ControllerBase
        {
            [HttpPost("/upload")]
            public async Task<IActionResult> Post()
            {
                await Request.ReadFormAsync();
                return Ok(Request.Form["name"].ToString() + Request.Form.Files.Count);
            }
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapPost("/upload2", async (HttpContext context, CancellationToken token) =>
                {
                    var form = await context.Request.ReadFormAsync(token).ConfigureAwait(false);
                    return form.Count + context.Request.Form.Files.Count;
                });
        }
        """);

    [Fact]
    public Task Flags_Request_Form_even_when_another_handler_awaited_ReadFormAsync() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.MapPost("/a", async (HttpContext context) => (await context.Request.ReadFormAsync()).Count);
        app.MapPost("/b", (HttpContext context) => {|ND1003:context.Request.Form|}.Count);
        app.Run();
        """);

    [Fact]
    public Task Leaves_Request_Form_alone_in_an_action_whose_parameters_model_binding_fills() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : ControllerBase
        {
            [HttpPost("/upload/{id}")]
            public IActionResult Post(int id) => Ok(Request.Form["name"].ToString() + id);

            [HttpPost("/upload")]
            public IActionResult PostForm() => Ok({|ND1003:Request.Form|}.Count);
        }
        """);

    [Fact]
    public Task Flags_Request_Form_read_before_ReadFormAsync_and_leaves_writes_and_look_alikes_alone() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : ControllerBase
        {
            public class Message { public string Form { get; set; } = ""; }

            [HttpPost("/upload")]
            public async Task<IActionResult> Post()
            {
                var message = new Message();
                var early = {|ND1003:Request.Form|}.Count;
                Request.Form = new FormCollection(null);
                var text = message.Form;
                var form = await Request.ReadFormAsync();
                return Ok(early + form.Count + text);
            }
        }
        """);

    [Fact]
    public Task Replaces_Request_Form_with_an_awaited_ReadFormAsync_passing_the_request_token() => Fix.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : ControllerBase
        {
            [HttpPost("/upload")]
            public IActionResult Post()
            {
                var form = {|ND1003:Request.Form|};
                return Ok(form.Count);
            }

            [HttpPost("/upload/name")]
            public IActionResult Name() => Ok({|ND1003:Request.Form|}["name"].ToString());
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        public class UploadController : ControllerBase
        {
            [HttpPost("/upload")]
            public async Task<IActionResult> Post()
            {
                var form = await Request.ReadFormAsync(HttpContext.RequestAborted);
                return Ok(form.Count);
            }

            [HttpPost("/upload/name")]
            public async Task<IActionResult> Name() => Ok((await Request.ReadFormAsync(HttpContext.RequestAborted))["name"].ToString());
        }
        """);

    [Fact]
    public Task Replaces_Request_Form_in_minimal_api_lambdas_with_the_token_in_scope() => Fix.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        app.MapPost("/upload", (HttpContext context) => {|ND1003:context.Request.Form|}.Count);
        app.MapPost("/upload2", (HttpRequest request, CancellationToken token) => {|ND1003:request.Form|}.Files.Count);
        app.Run();
        """,
        """
        var app = WebApplication.Create(args);
        app.MapPost("/upload", async (HttpContext context) => (await context.Request.ReadFormAsync(context.RequestAborted)).Count);
        app.MapPost("/upload2", async (HttpRequest request, CancellationToken token) => (await request.ReadFormAsync(token)).Files.Count);
        app.Run();
        """);

    [Fact]
    public Task Every_token_prefix_of_a_form_handler_is_analysed_without_an_exception() =>
        new AnalyzerTest(new BlockingCallAnalyzer()).VerifyEveryPrefixAsync("""
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public class UploadController : ControllerBase
            {
                [HttpPost("/upload")]
                public async Task<IActionResult> Post(CancellationToken token)
                {
                    var before = Request.Form.Count;
                    var form = await Request.ReadFormAsync(token).ConfigureAwait(false);
                    return Ok(before + Request.Form["a"].ToString() + form.Files.Count);
                }
            }
            """);
}
