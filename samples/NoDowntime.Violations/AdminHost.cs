namespace NoDowntime.Violations;

/// <summary>
/// A side host for operators on its own port, started next to the main one.
/// ND5: one /health endpoint answers both "restart me?" and "send me traffic?", so a slow dependency makes the
/// orchestrator restart every pod at once; readiness never fails when shutdown begins; no limiter, no timeouts.
/// </summary>
public static class AdminHost
{
    public static Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:5099");
        builder.Services.AddHealthChecks();

        WebApplication admin = builder.Build();
        admin.MapHealthChecks("/health");
        return admin.RunAsync(cancellationToken);
    }
}
