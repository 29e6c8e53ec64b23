using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers;

/// <summary>ND1: blocking calls on a request path.</summary>
internal static partial class Rules
{
    internal static readonly DiagnosticDescriptor SyncOverAsync = Create(
        "ND1001",
        "Do not block on a task on a request path",
        "'{0}' blocks a thread until the task completes {1}; {2}",
        Categories.Blocking,
        DiagnosticSeverity.Warning,
        "Waiting for a Task or ValueTask with .Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll or Task.WaitAny inside a request handler or async code holds a thread-pool thread for the whole wait. Under load this starves the pool and the service stops answering. Reported at once where the code is an entry point itself (a helper that a request reaches is reported with its path by the ND1004-ND1006 rules).");

    internal static readonly DiagnosticDescriptor SleepOrBlockingWait = Create(
        "ND1002",
        "Do not sleep or wait on a blocking primitive on a request path",
        "'{0}' blocks a thread {1}; {2}",
        Categories.Blocking,
        DiagnosticSeverity.Warning,
        "Thread.Sleep, SemaphoreSlim.Wait, WaitHandle.WaitOne, ManualResetEventSlim.Wait, Process.WaitForExit and SpinWait.SpinUntil park a thread-pool thread while a request waits. Reported at once where the code is an entry point itself (a helper that a request reaches is reported with its path by the ND1004-ND1006 rules).");

    internal static readonly DiagnosticDescriptor SynchronousIo = Create(
        "ND1003",
        "Do not use synchronous I/O on a request path",
        "'{0}' does synchronous I/O {1}; {2}",
        Categories.Blocking,
        DiagnosticSeverity.Warning,
        "A synchronous file, stream, network, database or MongoDB call that has an asynchronous counterpart blocks a thread for the whole I/O. Reported at once where the code is an entry point itself (a helper that a request reaches is reported with its path by the ND1004-ND1006 rules).");

    internal static readonly DiagnosticDescriptor SyncOverAsyncOnPath = Create(
        "ND1004",
        "Do not block on a task in code a request path reaches",
        "'{0}' blocks a thread until the task completes on {1}; {2}",
        Categories.Blocking,
        DiagnosticSeverity.Warning,
        "A helper that waits for a Task or ValueTask is called, directly or through other methods, from a request handler, middleware, hub, gRPC service or background worker. The message shows one call path from the entry point.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor SleepOrBlockingWaitOnPath = Create(
        "ND1005",
        "Do not sleep or wait on a blocking primitive in code a request path reaches",
        "'{0}' blocks a thread on {1}; {2}",
        Categories.Blocking,
        DiagnosticSeverity.Warning,
        "A helper that sleeps or waits on a blocking primitive is called, directly or through other methods, from a request handler, middleware, hub, gRPC service or background worker. The message shows one call path from the entry point.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor SynchronousIoOnPath = Create(
        "ND1006",
        "Do not use synchronous I/O in code a request path reaches",
        "'{0}' does synchronous I/O on {1}; {2}",
        Categories.Blocking,
        DiagnosticSeverity.Warning,
        "A helper that does synchronous file, stream, network, database or MongoDB I/O is called, directly or through other methods, from a request handler, middleware, hub, gRPC service or background worker. The message shows one call path from the entry point.",
        isCompilationEnd: true);
}
