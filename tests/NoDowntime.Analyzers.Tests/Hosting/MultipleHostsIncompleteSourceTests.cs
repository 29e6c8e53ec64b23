using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Hosting;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;

namespace NoDowntime.Analyzers.Tests.Hosting;

/// <summary>A program with several hosts, half written: attributing facts to hosts must never throw either.</summary>
public class MultipleHostsIncompleteSourceTests
{
    private static readonly string Program = TopLevel(
        healthEndpoints: "app.MapProbes();",
        extraPipeline: """
            _ = AdminHost.RunAsync(args);
            _ = LegacyHost.Create(args).Build().RunAsync();
            """,
        types: """
            static class AdminHost
            {
                public static Task RunAsync(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddHealthChecks();
                    var admin = builder.Build();
                    admin.MapProbes();
                    return admin.RunAsync();
                }
            }

            static class LegacyHost
            {
                public static IHostBuilder Create(string[] args) =>
                    Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>());
            }

            sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddHealthChecks();

                public void Configure(IApplicationBuilder app) => app.UseEndpoints(Endpoints.Map);
            }

            static class Endpoints
            {
                public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapHealthChecks("/healthz");

                public static void MapProbes(this IEndpointRouteBuilder endpoints)
                {
                    endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
                    endpoints.MapHealthChecks("/health/ready");
                }
            }
            """);

    [Fact]
    public async Task Program_with_several_hosts_compiles_so_every_prefix_is_meaningful()
    {
        var test = new AnalyzerTest(new HostCompositionAnalyzer()) { References = ReferenceSet.AspNetCore };
        Compilation compilation = (await test.CreateSolution(new[] { Program }).Projects.Single().GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public Task Analyzes_every_token_prefix_of_a_program_with_several_hosts_without_throwing()
    {
        var test = new AnalyzerTest(new HostCompositionAnalyzer()) { References = ReferenceSet.AspNetCore };
        return test.VerifyEveryPrefixAsync(Program);
    }
}
