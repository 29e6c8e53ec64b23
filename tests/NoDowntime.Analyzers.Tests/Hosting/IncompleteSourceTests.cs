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

/// <summary>Program.cs is edited all day: the analyzer must never throw on half-written code.</summary>
public class IncompleteSourceTests
{
    private static readonly string Realistic = TopLevel(
        extraServices: """
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(45));
            builder.WebHost.UseSetting("shutdownTimeoutSeconds", "20");
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = 500);
            builder.Services.AddOutputCache();
            """,
        extraPipeline: """
            app.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(TimeSpan.FromSeconds(40)));
            app.UseHealthChecks(new PathString("/startup"));
            app.MapGet("/healthz", [RequestTimeout(milliseconds: 500)] () => "ok").WithRequestTimeout(TimeSpan.FromSeconds(1)).RequireRateLimiting("p");
            """,
        types: """
            static class Startup
            {
                public static IHostBuilder CreateHostBuilder(string[] args) =>
                    Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseShutdownTimeout(new TimeSpan(0, 2, 0)));
            }
            """);

    [Fact]
    public async Task Realistic_program_compiles_so_every_prefix_is_meaningful()
    {
        var test = new AnalyzerTest(new HostCompositionAnalyzer());
        Compilation compilation = (await test.CreateSolution(new[] { Realistic }).Projects.Single().GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task Analyzes_every_token_prefix_of_a_program_without_throwing()
    {
        var test = new AnalyzerTest(new HostCompositionAnalyzer());
        Project project = test.CreateSolution(new[] { Realistic }).Projects.Single();
        Document document = project.Documents.Single(d => d.Name == "Test0.cs");
        SyntaxTree full = (await document.GetSyntaxTreeAsync())!;
        Compilation baseCompilation = (await project.GetCompilationAsync())!;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new HostCompositionAnalyzer());

        var tokens = (await full.GetRootAsync()).DescendantTokens().ToList();
        Assert.True(tokens.Count > 300, "the program should be realistic in size");
        SyntaxTree previous = full;
        foreach (SyntaxToken token in tokens)
        {
            string prefix = full.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(0, token.Span.End));
            SyntaxTree tree = CSharpSyntaxTree.ParseText(prefix, (CSharpParseOptions)full.Options, full.FilePath);
            Compilation compilation = baseCompilation.ReplaceSyntaxTree(previous, tree);
            baseCompilation = compilation;
            previous = tree;

            var exceptions = new System.Collections.Generic.List<string>();
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
