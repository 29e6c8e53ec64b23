using System.Threading.Tasks;
using Xunit;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Cancellation.UnlinkedTokenSourceAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Cancellation.LinkTokenSourceCodeFix>;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Cancellation.UnlinkedTokenSourceAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Cancellation;

public class UnlinkedTokenSourceTests
{
    [Fact]
    public Task Flags_new_source_whose_token_is_passed_on_unlinked() => Verify.VerifyAsync("""
        public class Exporter
        {
            public async Task ExportAsync(Stream target, CancellationToken cancellationToken)
            {
                using var cts = {|#0:new CancellationTokenSource()|};
                await target.FlushAsync(cts.Token);
            }
        }
        """,
        Verify.Diagnostic(Rules.UnlinkedTokenSource).WithLocation(0).WithArguments("cts", "cancellationToken"));

    [Fact]
    public Task Flags_target_typed_source_in_middleware() => Verify.VerifyAsync("""
        public class Middleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                CancellationTokenSource source = [|new()|];
                await Task.Delay(10, source.Token);
                await next(context);
            }
        }
        """);

    [Fact]
    public Task Leaves_linked_timed_and_field_sources_alone() => Verify.VerifyAsync("""
        public class Sources
        {
            private CancellationTokenSource? running;

            public async Task RunAsync(CancellationToken ct)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await Task.Delay(1, linked.Token);

                using var timed = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Task.Delay(1, timed.Token);

                using var later = new CancellationTokenSource();
                later.CancelAfter(1000);
                await Task.Delay(1, later.Token);

                running = new CancellationTokenSource();
                await Task.Delay(1, running.Token);

                using var unused = new CancellationTokenSource();
                unused.Cancel();
            }

            public async Task NoTokenAsync()
            {
                using var cts = new CancellationTokenSource();
                await Task.Delay(1, cts.Token);
            }
        }
        """);

    [Fact]
    public Task Fix_links_the_source_to_the_token_in_scope() => Fix.VerifyAsync("""
        public class Exporter
        {
            public async Task ExportAsync(Stream target, CancellationToken cancellationToken)
            {
                using var cts = [|new CancellationTokenSource()|];
                await target.FlushAsync(cts.Token);
            }
        }
        """, """
        public class Exporter
        {
            public async Task ExportAsync(Stream target, CancellationToken cancellationToken)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await target.FlushAsync(cts.Token);
            }
        }
        """);
}
