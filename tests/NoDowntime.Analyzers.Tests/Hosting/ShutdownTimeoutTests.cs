using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using static NoDowntime.Analyzers.Tests.Hosting.HostPrograms;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Hosting.HostCompositionAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Hosting;

public class ShutdownTimeoutTests
{
    [Fact]
    public Task Flags_HostOptions_ShutdownTimeout_above_the_budget() => Verify.VerifyAsync(
        TopLevel(extraServices: "builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = {|#0:TimeSpan.FromSeconds(45)|});"),
        Verify.Diagnostic(Rules.ShutdownTimeoutTooLong).WithLocation(0).WithArguments("HostOptions.ShutdownTimeout", "45 seconds", 30));

    [Fact]
    public Task Flags_ConfigureHostOptions_with_minutes() => Verify.VerifyAsync(
        TopLevel(extraServices: "builder.Host.ConfigureHostOptions(options => options.ShutdownTimeout = {|#0:TimeSpan.FromMinutes(2)|});"),
        Verify.Diagnostic(Rules.ShutdownTimeoutTooLong).WithLocation(0).WithArguments("HostOptions.ShutdownTimeout", "2 minutes", 30));

    [Fact]
    public Task Flags_a_TimeSpan_constructor() => Verify.VerifyAsync(
        TopLevel(extraServices: "builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = {|ND5003:new TimeSpan(0, 1, 5)|});"));

    [Fact]
    public Task Flags_an_infinite_shutdown_timeout() => Verify.VerifyAsync(
        TopLevel(extraServices: "builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = {|#0:Timeout.InfiniteTimeSpan|});"),
        Verify.Diagnostic(Rules.ShutdownTimeoutTooLong).WithLocation(0).WithArguments("HostOptions.ShutdownTimeout", "infinite", 30));

    [Fact]
    public Task Flags_the_shutdown_timeout_setting() => Verify.VerifyAsync(
        TopLevel(extraServices: """builder.WebHost.UseSetting("shutdownTimeoutSeconds", {|#0:"90"|});"""),
        Verify.Diagnostic(Rules.ShutdownTimeoutTooLong).WithLocation(0).WithArguments("The 'shutdownTimeoutSeconds' host setting", "90 seconds", 30));

    [Fact]
    public Task Flags_UseShutdownTimeout_on_a_Startup_host()
    {
        var test = Verify.Test("""
            public static class Program
            {
                public static void Main(string[] args) =>
                    {|ND5001:{|ND5004:{|ND5005:Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web.UseShutdownTimeout({|ND5003:TimeSpan.FromSeconds(60)|}).UseStartup<Startup>())
                        .Build()|}|}|}
                        .Run();
            }

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app) => app.Run(context => context.Response.WriteAsync("ok"));
            }
            """);
        test.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_a_stopping_delay_longer_than_the_budget() => Verify.VerifyAsync(
        TopLevel(extraPipeline: "app.Lifetime.ApplicationStopping.Register(() => {|#0:Thread.Sleep(TimeSpan.FromSeconds(40))|});"),
        Verify.Diagnostic(Rules.ShutdownTimeoutTooLong).WithLocation(0).WithArguments("The delay in this ApplicationStopping callback", "40 seconds", 30));

    [Fact]
    public Task Flags_a_stopping_delay_in_milliseconds() => Verify.VerifyAsync(
        TopLevel(extraPipeline: "app.Lifetime.ApplicationStopping.Register(() => { {|ND5003:Thread.Sleep(60_000)|}; });"));

    [Fact]
    public Task Leaves_a_timeout_equal_to_the_budget_alone() => Verify.VerifyAsync(
        TopLevel(extraServices: "builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));"));

    [Fact]
    public Task Leaves_a_short_stopping_delay_alone() => Verify.VerifyAsync(
        TopLevel(extraPipeline: "app.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(TimeSpan.FromSeconds(5)));"));

    [Fact]
    public Task Leaves_a_timeout_read_from_configuration_alone() => Verify.VerifyAsync(
        TopLevel(extraServices: """builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue<int>("ShutdownSeconds")));"""));

    [Fact]
    public Task Reads_the_budget_from_the_options()
    {
        var test = Verify.Test(TopLevel(extraServices: """
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(45));
            builder.Host.ConfigureHostOptions(options => options.ShutdownTimeout = {|#0:TimeSpan.FromSeconds(75)|});
            """));
        test.EditorConfigOptions["nodowntime.shutdown.max_seconds"] = "60";
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Rules.ShutdownTimeoutTooLong).WithLocation(0).WithArguments("HostOptions.ShutdownTimeout", "75 seconds", 60));
        return test.RunAsync();
    }

    [Fact]
    public Task Leaves_a_worker_service_with_a_long_shutdown_alone() => Verify.VerifyAsync("""
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMinutes(10));
        builder.Build().Run();
        """);
}
