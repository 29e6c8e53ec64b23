using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers;

/// <summary>ND5: the host of an ASP.NET Core service must be composed for zero-downtime deployments.</summary>
internal static partial class Rules
{
    internal static readonly DiagnosticDescriptor NoHealthEndpoints = Create(
        "ND5001",
        "No health check endpoints are mapped",
        "The web host built here maps no health endpoint, so an orchestrator cannot probe it and routes traffic to instances that are still starting or already stopping; {0}",
        Categories.Hosting,
        DiagnosticSeverity.Warning,
        "A web host needs health endpoints (MapHealthChecks) that Kubernetes startup, liveness and readiness probes can call. Without them a rolling update sends requests to pods that cannot serve them yet and keeps sending them to pods that are shutting down.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor LivenessNotSeparated = Create(
        "ND5002",
        "Liveness and readiness are not separated",
        "{0}; map a liveness endpoint that runs no dependency checks (Predicate on a 'live' tag) and a separate readiness endpoint that runs them ('ready' tag)",
        Categories.Hosting,
        DiagnosticSeverity.Warning,
        "Liveness answers 'restart me?', readiness answers 'send me traffic?'. When one endpoint (or the same checks) serves both, a slow database makes every pod fail liveness at once and the orchestrator restarts the whole fleet instead of draining traffic away.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor ShutdownTimeoutTooLong = Create(
        "ND5003",
        "Shutdown takes longer than the termination grace period",
        "{0} is {1}, above the {2}-second termination budget (nodowntime.shutdown.max_seconds): the orchestrator kills the process before in-flight work drains; keep shutdown within terminationGracePeriodSeconds minus the preStop delay",
        Categories.Hosting,
        DiagnosticSeverity.Warning,
        "Kubernetes sends SIGTERM, waits terminationGracePeriodSeconds (30 by default) and then sends SIGKILL. A host shutdown timeout or a stopping delay longer than that budget is never honoured: requests and background work are cut off mid-flight.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor NoRequestTimeouts = Create(
        "ND5004",
        "No request timeouts are configured",
        "The web host built here sets no request timeouts, so a slow request can hold a connection past the shutdown window; add builder.Services.AddRequestTimeouts(...) with a default policy and app.UseRequestTimeouts()",
        Categories.Hosting,
        DiagnosticSeverity.Warning,
        "Without a request timeout a stuck request runs until the client gives up or the pod is killed. Request timeouts bound how long in-flight requests can delay a graceful shutdown and how long a slow dependency can tie up the server.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor NoConcurrencyLimiter = Create(
        "ND5005",
        "No concurrency or rate limiter is configured",
        "The web host built here has no concurrency or rate limiter, so a burst (or the traffic of a pod that is draining) can exhaust threads and connections; add builder.Services.AddRateLimiter(...) with a concurrency limiter and app.UseRateLimiter()",
        Categories.Hosting,
        DiagnosticSeverity.Info,
        "A concurrency limit makes an overloaded instance reject quickly (503) instead of slowing down every request until probes fail. Many teams enforce limits at the ingress or service mesh instead, which is why this rule is a suggestion by default.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor MiddlewareHalfWired = Create(
        "ND5006",
        "Middleware services and pipeline do not match",
        "{0}",
        Categories.Hosting,
        DiagnosticSeverity.Warning,
        "Registering a middleware's services without adding it to the pipeline does nothing, and adding the middleware (or endpoint metadata that it reads) without its services fails or is silently ignored: either way the protection the code seems to have is not there.",
        isCompilationEnd: true);
}
