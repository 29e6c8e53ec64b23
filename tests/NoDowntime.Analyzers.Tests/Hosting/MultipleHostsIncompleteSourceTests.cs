using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
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
    public async Task Analyzes_every_token_prefix_of_a_program_with_several_hosts_without_throwing()
    {
        var test = new AnalyzerTest(new HostCompositionAnalyzer()) { References = ReferenceSet.AspNetCore };
        Project project = test.CreateSolution(new[] { Program }).Projects.Single();
        Document document = project.Documents.Single(d => d.Name == "Test0.cs");
        SyntaxTree full = (await document.GetSyntaxTreeAsync())!;
        Compilation compilation = (await project.GetCompilationAsync())!;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new HostCompositionAnalyzer());

        SyntaxTree previous = full;
        foreach (SyntaxToken token in (await full.GetRootAsync()).DescendantTokens())
        {
            string prefix = full.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(0, token.Span.End));
            SyntaxTree tree = CSharpSyntaxTree.ParseText(prefix, (CSharpParseOptions)full.Options, full.FilePath);
            compilation = compilation.ReplaceSyntaxTree(previous, tree);
            previous = tree;

            var exceptions = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (exception, _, _) =>
                {
                    lock (exceptions)
                    {
                        exceptions.Add(exception.ToString());
                    }
                },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
            exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()));
            Assert.True(exceptions.Count == 0, $"The analyzer threw on the prefix ending at '{token.Text}' ({token.Span.End}):\n{string.Join("\n", exceptions)}");
        }
    }
}
