using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers;

/// <summary>ND3: cancellation and timeout propagation.</summary>
internal static partial class Rules
{
    internal static readonly DiagnosticDescriptor CancellableCallWithoutToken = Create(
        "ND3001",
        "Pass the available cancellation token",
        "'{0}' can be cancelled but is called without a token while '{1}' is available; pass it so the work stops when {2}",
        Categories.Cancellation,
        DiagnosticSeverity.Warning,
        "A call that accepts a CancellationToken (directly, through an optional parameter, or through an overload) is made without one, although a token is in scope: a CancellationToken parameter, HttpContext.RequestAborted, ServerCallContext.CancellationToken, the stoppingToken of ExecuteAsync or a linked source. The work then runs on after the client gave up or the host began to stop.");

    internal static readonly DiagnosticDescriptor NoneTokenWhileAvailable = Create(
        "ND3002",
        "Do not pass CancellationToken.None while a token is available",
        "'{0}' is passed to '{1}' while '{2}' is available; pass that token so the work stops when {3}",
        Categories.Cancellation,
        DiagnosticSeverity.Warning,
        "CancellationToken.None, default or new CancellationToken() is passed explicitly although a real token is in scope, which cuts the work off from the request's abort signal or the host's shutdown.");

    internal static readonly DiagnosticDescriptor HandlerWithoutToken = Create(
        "ND3003",
        "Take a CancellationToken in handlers that do cancellable work",
        "'{0}' calls '{1}', which can be cancelled, but takes no CancellationToken; add a 'CancellationToken cancellationToken' parameter (the framework binds it to the request's abort signal) and pass it on",
        Categories.Cancellation,
        DiagnosticSeverity.Warning,
        "A controller action, Razor Pages handler or minimal API handler does cancellable work but has no CancellationToken parameter. ASP.NET Core binds such a parameter to HttpContext.RequestAborted, so adding it is the simplest way to stop work when the client gives up.");

    internal static readonly DiagnosticDescriptor InfiniteHttpClientTimeout = Create(
        "ND3004",
        "Do not give HttpClient an infinite timeout",
        "'{0}' sets HttpClient.Timeout to an infinite time span: a hung dependency then holds the request and the graceful-shutdown window forever; set a finite timeout (the default is 100 seconds) or add a resilience handler with a total timeout",
        Categories.Cancellation,
        DiagnosticSeverity.Warning,
        "HttpClient.Timeout set to Timeout.InfiniteTimeSpan (or -1 ms) removes the last guard against a dependency that never answers. Flagged anywhere, including inside AddHttpClient / ConfigureHttpClient delegates, unless the same client registration adds a resilience handler that enforces its own timeout.");

    internal static readonly DiagnosticDescriptor WorkerLoopIgnoresStoppingToken = Create(
        "ND3005",
        "Observe stoppingToken in ExecuteAsync loops",
        "This loop in '{0}' never observes '{1}', so the worker keeps running after the host asks it to stop; check '{1}.IsCancellationRequested' in the loop condition or pass '{1}' to the work inside",
        Categories.Cancellation,
        DiagnosticSeverity.Warning,
        "A loop at the top of BackgroundService.ExecuteAsync that runs until something else ends it (while (true), for (;;), a flag) and never reads the stopping token, a token derived from it, or passes a token to its work. On shutdown the host waits for it until its timeout and then abandons it mid-work.");

    internal static readonly DiagnosticDescriptor UnlinkedTokenSource = Create(
        "ND3006",
        "Link new CancellationTokenSources to the available token",
        "The token of '{0}' is passed on, but the source is neither linked to '{1}' nor given a timeout, so cancelling '{1}' does not reach that work; create it with CancellationTokenSource.CreateLinkedTokenSource({1})",
        Categories.Cancellation,
        DiagnosticSeverity.Warning,
        "A local new CancellationTokenSource() whose Token is handed to other work, created where a token is available, with no CancelAfter and no timeout in its constructor. The work it guards no longer stops when the request is aborted or the host stops.");

    internal static readonly DiagnosticDescriptor FireAndForgetWithoutToken = Create(
        "ND3007",
        "Do not start untracked work without a token on a request path",
        "'{0}' starts work in {1} that nobody awaits and that gets no token: it outlives the request and the graceful-shutdown window; await it, pass a token, or queue it to a hosted service that observes its stoppingToken",
        Categories.Cancellation,
        DiagnosticSeverity.Warning,
        "Fire-and-forget work (Task.Run, TaskFactory.StartNew, a task that is discarded or never awaited) started from an entry point or from code that holds a token, without passing any token. Nothing stops it when the request ends or the host shuts down, and its failures go unobserved.");
}
