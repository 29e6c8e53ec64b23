using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class SleepAndWaitTests
{
    [Fact]
    public Task Flags_Thread_Sleep_in_a_controller_action() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class RetryController : ControllerBase
        {
            [HttpPost("/retry")]
            public void Retry() => {|#0:Thread.Sleep(500)|};
        }
        """,
        Verify.Diagnostic(Rules.SleepOrBlockingWait).WithLocation(0)
            .WithArguments("Thread.Sleep", "on POST /retry", "use 'await Task.Delay' instead"));

    [Fact]
    public Task Flags_every_blocking_wait_primitive() => Verify.VerifyAsync(
        """
        using System.Diagnostics;

        [Microsoft.AspNetCore.Mvc.Controller]
        public class Gate
        {
            private readonly SemaphoreSlim semaphore = new(1);
            private readonly ManualResetEvent manual = new(false);
            private readonly AutoResetEvent auto = new(false);
            private readonly ManualResetEventSlim slim = new();
            private readonly CountdownEvent countdown = new(1);

            public async Task PassAsync(Process process)
            {
                await Task.Yield();
                {|ND1002:semaphore.Wait()|};
                {|ND1002:semaphore.Wait(TimeSpan.FromSeconds(1))|};
                {|ND1002:manual.WaitOne()|};
                {|ND1002:auto.WaitOne(100)|};
                {|ND1002:WaitHandle.WaitAll(new WaitHandle[] { manual, auto })|};
                {|ND1002:slim.Wait()|};
                {|ND1002:countdown.Wait()|};
                {|ND1002:process.WaitForExit()|};
                {|ND1002:SpinWait.SpinUntil(() => slim.IsSet)|};
                {|ND1002:Thread.Sleep(TimeSpan.FromMilliseconds(10))|};
            }
        }
        """);

    [Fact]
    public Task Flags_a_sleep_in_a_helper_reached_from_a_worker_with_the_path() => Verify.VerifyAsync(
        """
        public class OrderSyncWorker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Yield();
                    Backoff.Pause();
                }
            }
        }

        public static class Backoff
        {
            public static void Pause() => {|#0:Thread.Sleep(1000)|};
        }
        """,
        Verify.Diagnostic(Rules.SleepOrBlockingWaitOnPath).WithLocation(0)
            .WithArguments("Thread.Sleep", "OrderSyncWorker.ExecuteAsync via OrderSyncWorker.ExecuteAsync -> Backoff.Pause", "use 'await Task.Delay' instead"));

    [Fact]
    public Task Flags_sleeps_in_razor_pages_grpc_IMiddleware_and_hosted_services() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        namespace Grpc.Core
        {
            public abstract class ServerCallContext { }
        }

        public class IndexModel : PageModel
        {
            public void OnGet() => {|ND1002:Thread.Sleep(5)|};
        }

        public class GreeterService
        {
            public string SayHello(string name, Grpc.Core.ServerCallContext context) { {|ND1002:Thread.Sleep(5)|}; return name; }
        }

        public class TenantMiddleware : IMiddleware
        {
            public Task InvokeAsync(HttpContext context, RequestDelegate next) { {|ND1002:Thread.Sleep(5)|}; return next(context); }
        }

        public class Warmup : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) { {|ND1002:Thread.Sleep(5)|}; return Task.CompletedTask; }
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Leaves_zero_timeouts_locks_and_async_waits_alone() => Verify.VerifyAsync(
        """
        public class Gate
        {
            private readonly SemaphoreSlim semaphore = new(1);
            private readonly ManualResetEvent manual = new(false);
            private readonly object sync = new();

            public async Task PassAsync()
            {
                if (!semaphore.Wait(0)) return;
                _ = manual.WaitOne(TimeSpan.Zero);
                Thread.Sleep(0);
                lock (sync) { }
                await semaphore.WaitAsync();
                await Task.Delay(10);
            }
        }
        """);

    [Fact]
    public Task Leaves_sleeps_outside_request_paths_alone() => Verify.VerifyAsync(
        """
        Thread.Sleep(100);
        WebApplication.Create(args).Run();

        public static class Tool
        {
            public static void Pause() => Thread.Sleep(100);
        }
        """);

    [Fact]
    public Task Flags_BlockingCollection_Take_and_consuming_enumeration_but_not_non_blocking_tries() => Verify.VerifyAsync(
        """
        using System.Collections.Concurrent;

        public sealed class Indexer : BackgroundService
        {
            private readonly BlockingCollection<string> _queue = new(100);

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => Loop(stoppingToken), stoppingToken);

            private void Loop(CancellationToken token)
            {
                string first = {|#0:_queue.Take(token)|};
                foreach (var next in {|ND1005:_queue.GetConsumingEnumerable(token)|}) { }
                {|ND1005:_queue.TryTake(out var waited, 500)|};
                {|ND1005:_queue.TryTake(out var waitedSpan, TimeSpan.FromSeconds(1))|};
                _queue.TryTake(out var now);
                _queue.TryTake(out var zero, 0);
                _queue.TryTake(out var zeroSpan, TimeSpan.Zero);
                _queue.TryAdd(first);
            }
        }
        """,
        Verify.Diagnostic(Rules.SleepOrBlockingWaitOnPath).WithLocation(0)
            .WithArguments("BlockingCollection.Take", "Indexer.ExecuteAsync via Indexer.ExecuteAsync -> Indexer.Loop", "read from a Channel<T> with 'await ReadAsync' or 'ReadAllAsync' instead"));

    [Fact]
    public Task Flags_Thread_Sleep_in_an_endpoint_filter_delegate_and_in_what_it_calls() => Verify.VerifyAsync(
        """
        public static class Pacing
        {
            public static void Map(WebApplication app) =>
                app.MapPost("/import", () => Results.Accepted())
                    .AddEndpointFilter((context, next) =>
                    {
                        {|ND1002:Thread.Sleep(20)|};
                        Backoff.Pause();
                        return next(context);
                    });
        }

        public static class Backoff
        {
            public static void Pause() => {|ND1005:Thread.Sleep(5)|};
        }
        """);
}
