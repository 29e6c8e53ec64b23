using System.Threading.Tasks;
using Xunit;
using Fix = NoDowntime.Analyzers.Tests.Verification.CodeFixVerifier<
    NoDowntime.Analyzers.Cancellation.WorkerLoopIgnoresStoppingTokenAnalyzer,
    NoDowntime.Analyzers.CodeFixes.Cancellation.ObserveStoppingTokenCodeFix>;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Cancellation.WorkerLoopIgnoresStoppingTokenAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Cancellation;

public class WorkerLoopIgnoresStoppingTokenTests
{
    [Fact]
    public Task Flags_while_true_loop_that_never_reads_the_token() => Verify.VerifyAsync("""
        public class Poller(ILogger<Poller> logger) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                {|#0:while|} (true)
                {
                    logger.LogInformation("tick");
                    await Task.Delay(1000);
                }
            }
        }
        """,
        Verify.Diagnostic(Rules.WorkerLoopIgnoresStoppingToken).WithLocation(0).WithArguments("Poller.ExecuteAsync", "stoppingToken"));

    [Fact]
    public Task Flags_for_ever_do_while_and_flag_loops() => Verify.VerifyAsync("""
        public class Worker : BackgroundService
        {
            private volatile bool running = true;

            protected override async Task ExecuteAsync(CancellationToken ct)
            {
                [|for|] (;;)
                {
                    await Task.Yield();
                }
            }
        }

        public class Other : BackgroundService
        {
            private volatile bool running = true;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                try
                {
                    [|do|]
                    {
                        await Task.Yield();
                    }
                    while (running);
                }
                catch (Exception)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Leaves_loops_that_observe_the_token_alone() => Verify.VerifyAsync("""
        public class Worker : BackgroundService
        {
            private readonly CancellationTokenSource shutdown = new();

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Yield();
                }

                while (true)
                {
                    await Task.Delay(1000, stoppingToken);
                }
            }
        }

        public class Linked : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                CancellationToken token = cts.Token;
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }
        }
        """);

    [Fact]
    public Task Leaves_bounded_loops_and_other_methods_alone() => Verify.VerifyAsync("""
        using System.Collections.Concurrent;

        public class Worker(ConcurrentQueue<int> queue) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                for (int i = 0; i < 3; i++)
                {
                    await Task.Yield();
                }

                while (queue.TryDequeue(out int item))
                {
                    await Task.Yield();
                }

                foreach (int n in new[] { 1, 2 })
                {
                    await Task.Yield();
                }
            }

            public async Task RunForeverAsync()
            {
                while (true)
                {
                    await Task.Yield();
                }
            }
        }
        """);

    [Fact]
    public Task Fix_adds_the_token_check_to_each_loop_shape() => Fix.VerifyAsync("""
        public class Worker : BackgroundService
        {
            private volatile bool running = true;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                [|while|] (true)
                {
                    await Task.Yield();
                }

                [|for|] (;;)
                {
                    await Task.Yield();
                }

                [|do|]
                {
                    await Task.Yield();
                }
                while (running || !running);
            }
        }
        """, """
        public class Worker : BackgroundService
        {
            private volatile bool running = true;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Yield();
                }

                for (; !stoppingToken.IsCancellationRequested;)
                {
                    await Task.Yield();
                }

                do
                {
                    await Task.Yield();
                }
                while (!stoppingToken.IsCancellationRequested && (running || !running));
            }
        }
        """);
}
