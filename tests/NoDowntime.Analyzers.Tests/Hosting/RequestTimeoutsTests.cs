using System.Threading.Tasks;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class RequestTimeoutsTests
{
    [Fact]
    public Task Flags_a_host_without_request_timeouts() => Verify.VerifyAsync(
        TopLevel(timeouts: "", timeoutPipeline: "", build: "{|#0:builder.Build()|}"),
        Verify.Diagnostic(Rules.NoRequestTimeouts).WithLocation(0));

    [Fact]
    public Task Flags_a_Startup_class_host_without_request_timeouts()
    {
        var test = Verify.Test("""
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var hostBuilder = Host.CreateDefaultBuilder(args);
                    hostBuilder.ConfigureWebHostDefaults(web => web.UseStartup<Startup>());
                    using var host = {|ND5004:{|ND5005:hostBuilder.Build()|}|};
                    host.Run();
                }
            }

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddHealthChecks();

                public void Configure(IApplicationBuilder app)
                {
                    app.UseHealthChecks("/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
                    app.UseHealthChecks("/ready");
                }
            }
            """);
        test.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_per_endpoint_timeouts_with_the_middleware_alone() => Verify.VerifyAsync(TopLevel(
        timeouts: "builder.Services.AddRequestTimeouts();",
        extraPipeline: """app.MapGet("/reports", () => "ok").WithRequestTimeout(TimeSpan.FromSeconds(20));"""));

    [Fact]
    public Task Leaves_a_RequestTimeout_attribute_with_the_middleware_alone() => Verify.VerifyAsync(TopLevel(
        timeouts: "builder.Services.AddRequestTimeouts();",
        extraPipeline: """app.MapGet("/export", [RequestTimeout(milliseconds: 20000)] () => "ok");"""));
}
