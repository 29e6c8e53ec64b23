namespace NoDowntime.Violations;

/// <summary>
/// A side host for operators on its own port, started next to the main one.
/// ND5: liveness and readiness run the same checks, so a slow dependency makes the orchestrator restart every
/// pod at once; readiness never fails when shutdown begins; no limiter, no timeouts.
/// </summary>
public static class AdminHost
{
    public static Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:5099");
        builder.Services.AddHealthChecks().AddCheck<ShopDatabaseCheck>("database");

        WebApplication admin = builder.Build();
        admin.MapHealthChecks("/health/live");
        admin.MapHealthChecks("/health/ready");
        return admin.RunAsync(cancellationToken);
    }
}

/// <summary>Reports whether the shop database answers.</summary>
public sealed class ShopDatabaseCheck(ShopContext db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("the shop database does not answer");
}
