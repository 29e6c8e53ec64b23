using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.HttpOverrides;
using NoDowntime.SampleService.Caching;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Data;
using NoDowntime.SampleService.Endpoints;
using NoDowntime.SampleService.Health;
using NoDowntime.SampleService.Hosting;
using NoDowntime.SampleService.Jobs;
using NoDowntime.SampleService.Observability;
using NoDowntime.SampleService.Resilience;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// `NoDowntime.SampleService migrate` applies database migrations and exits; the service itself never migrates a
// shared database at start-up (the embedded SQLite store is the documented exception, see README).
bool migrateOnly = args.Length > 0 && string.Equals(args[0], "migrate", StringComparison.OrdinalIgnoreCase);

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);

// Logs: one JSON object per line, with trace/span ids and the correlation id scope.
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(json =>
{
    json.IncludeScopes = true;
    json.UseUtcTimestamp = true;
    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
});
builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

builder.Services.AddServiceOptions(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SampleTelemetry>();
builder.Services.AddOrdersDatabase();

if (migrateOnly)
{
    using IHost migrator = builder.Build();
    using CancellationTokenSource migrationTimeout = new(TimeSpan.FromMinutes(5));
    return await DatabaseSetup.MigrateAsync(migrator.Services, migrationTimeout.Token);
}

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddMemoryCache(o => o.SizeLimit = 10_000);
builder.Services.AddSingleton<SingleFlightCache>();
builder.Services.AddSingleton<ProductCatalog>();
builder.Services.AddInventoryClient();
builder.Services.AddSingleton<ServiceState>();
builder.Services.AddServiceHealthChecks();
// Request timeouts, a per-client token bucket and an instance concurrency limit, configured from Limits:*.
builder.Services.AddRequestTimeouts();
builder.Services.AddRateLimiter(_ => { });
builder.Services.ConfigureServiceLimits();
builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<LimitsOptions>>((forwarded, limits) =>
{
    forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    foreach (System.Net.IPNetwork network in limits.Value.ParseTrustedProxyNetworks())
    {
        forwarded.KnownIPNetworks.Add(network);
    }
});

// Hosted services stop in reverse order of registration: the graceful-shutdown service is registered first so
// that its drain delay runs before anything else stops (its StoppingAsync runs before every StopAsync anyway).
builder.Services.AddHostedService<GracefulShutdownService>();
builder.Services.AddHostedService<WarmupService>();
builder.Services.AddSingleton<ExpirePendingOrdersJob>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ExpirePendingOrdersJob>());

// Traces and metrics: ASP.NET Core, Kestrel and HttpClient publish them natively; OTLP when an endpoint is set,
// Prometheus text at /metrics always.
builder.Services.AddOpenTelemetry()
    .ConfigureResource(r => r.AddService(serviceName: "nodowntime-sample", serviceVersion: typeof(Program).Assembly.GetName().Version?.ToString()))
    .WithTracing(tracing =>
    {
        tracing.AddSource("Microsoft.AspNetCore", "System.Net.Http", SampleTelemetry.Name);
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            tracing.AddOtlpExporter();
        }
    })
    .WithMetrics(metrics =>
    {
        metrics.AddMeter(
            "Microsoft.AspNetCore.Hosting",
            "Microsoft.AspNetCore.Server.Kestrel",
            "Microsoft.AspNetCore.RateLimiting",
            "Microsoft.AspNetCore.Diagnostics",
            "System.Net.Http",
            "System.Runtime",
            SampleTelemetry.Name);
        metrics.AddPrometheusExporter();
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            metrics.AddOtlpExporter();
        }
    });

WebApplication app = builder.Build();

// Fail fast: every invalid setting is reported at once and the process stops before it listens.
IReadOnlyList<string> configurationErrors = StartupValidation.Validate(app.Services);
if (configurationErrors.Count > 0)
{
    foreach (string error in configurationErrors)
    {
        app.Logger.LogCritical("Invalid configuration: {ConfigurationError}", error);
    }

    await Console.Error.WriteLineAsync("Invalid configuration:\n  " + string.Join("\n  ", configurationErrors));
    return 2;
}

// Start-up work, before the server listens and outside any request path.
using (CancellationTokenSource startupTimeout = new(TimeSpan.FromSeconds(30)))
{
    await DatabaseSetup.PrepareEmbeddedStoreAsync(app.Services, startupTimeout.Token);
}

app.UseForwardedHeaders();
app.UseMiddleware<CorrelationIdMiddleware>();
app.UseMiddleware<RequestLoggingMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<DrainingConnectionMiddleware>();
app.UseRouting();
app.UseRateLimiter();
app.UseRequestTimeouts();

// Probes: liveness (process only), startup, readiness (dependencies; fails as soon as shutdown begins).
app.MapHealthChecks("/health/live", HealthSetup.Live()).DisableRateLimiting().DisableRequestTimeout();
app.MapHealthChecks("/health/startup", HealthSetup.Startup()).DisableRateLimiting().DisableRequestTimeout();
app.MapHealthChecks("/health/ready", HealthSetup.Ready()).DisableRateLimiting().DisableRequestTimeout();
app.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
app.MapOpenApi().DisableRateLimiting();
app.MapOrders();
app.MapProducts();

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Listening on {Urls} (pid {Pid})", string.Join(", ", app.Urls), Environment.ProcessId));

await app.RunAsync();
return 0;

/// <summary>Visible to the tests (WebApplicationFactory).</summary>
public partial class Program;
