using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Cancellation.InfiniteHttpClientTimeoutAnalyzer>;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Cancellation.InfiniteHttpClientTimeoutAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Cancellation.FiniteHttpClientTimeoutCodeFix>;

namespace NoDowntime.Analyzers.Tests.Cancellation;

public class InfiniteHttpClientTimeoutTests
{
    [Fact]
    public Task Flags_infinite_timeout_in_an_AddHttpClient_delegate() => Verify.VerifyAsync("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHttpClient("payments", client =>
        {
            client.BaseAddress = new Uri("https://payments");
            {|#0:client.Timeout = Timeout.InfiniteTimeSpan|};
        });
        builder.Services.AddHttpClient<Catalog>(c => [|c.Timeout = System.Threading.Timeout.InfiniteTimeSpan|]);
        builder.Build().Run();

        public class Catalog(HttpClient http) { }
        """,
        Verify.Diagnostic(Rules.InfiniteHttpClientTimeout).WithLocation(0).WithArguments("client.Timeout = Timeout.InfiniteTimeSpan"));

    [Fact]
    public Task Flags_infinite_timeout_in_initializers_and_assignments() => Verify.VerifyAsync("""
        public class Clients
        {
            public HttpClient A() => new HttpClient { [|Timeout = Timeout.InfiniteTimeSpan|] };

            public void B(HttpClient client)
            {
                [|client.Timeout = TimeSpan.FromMilliseconds(-1)|];
            }
        }
        """);

    [Fact]
    public Task Leaves_finite_timeouts_and_other_Timeout_properties_alone() => Verify.VerifyAsync("""
        public class Options
        {
            public TimeSpan Timeout { get; set; }
        }

        public class Clients
        {
            public void Configure(HttpClient client, Options options)
            {
                client.Timeout = TimeSpan.FromSeconds(30);
                options.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
                var handler = new SocketsHttpHandler { PooledConnectionLifetime = System.Threading.Timeout.InfiniteTimeSpan };
            }
        }
        """);

    [Fact]
    public Task Leaves_registrations_with_a_resilience_handler_alone() => Verify.VerifyAsync("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHttpClient("payments", client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler();
        builder.Build().Run();

        public static class ResilienceStub
        {
            public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder) => builder;
        }
        """);

    [Fact]
    public Task Leaves_test_projects_alone() => new Verification.AnalyzerTest(new NoDowntime.Analyzers.Cancellation.InfiniteHttpClientTimeoutAnalyzer())
    {
        Sources = { "public class T { public void M(HttpClient c) => c.Timeout = Timeout.InfiniteTimeSpan; }" },
        References = Verification.ReferenceSet.Default | Verification.ReferenceSet.Xunit,
    }.RunAsync();

    [Fact]
    public Task Fix_restores_the_default_finite_timeout_in_every_shape() => Fix.VerifyAsync("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHttpClient("payments", client => [|client.Timeout = Timeout.InfiniteTimeSpan|]);
        builder.Build().Run();

        public class Clients
        {
            public HttpClient A() => new HttpClient { [|Timeout = Timeout.InfiniteTimeSpan|] };

            public void B(HttpClient client)
            {
                [|client.Timeout = TimeSpan.FromMilliseconds(-1)|]; // configured below
            }
        }
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHttpClient("payments", client => client.Timeout = TimeSpan.FromSeconds(100));
        builder.Build().Run();

        public class Clients
        {
            public HttpClient A() => new HttpClient { Timeout = TimeSpan.FromSeconds(100) };

            public void B(HttpClient client)
            {
                client.Timeout = TimeSpan.FromSeconds(100); // configured below
            }
        }
        """);
}
