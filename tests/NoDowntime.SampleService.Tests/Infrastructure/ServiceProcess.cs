using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace NoDowntime.SampleService.Tests.Infrastructure;

/// <summary>The built service running as its own process on a loopback port, as an orchestrator would run it.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Stopwatch _clock;
    private int _disposed;

    private ServiceProcess(Process process, int port, Stopwatch clock)
    {
        _process = process;
        Port = port;
        _clock = clock;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Time since the process was started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public static ServiceProcess Start(string dataDirectory, IDictionary<string, string>? settings = null, int? port = null, params string[] arguments)
    {
        int chosenPort = port ?? FreePort();
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServiceBinary.DllPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(ServiceBinary.Directory);

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{chosenPort}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["ConnectionStrings__Orders"] = $"Data Source={Path.Combine(dataDirectory, "orders.db")}";
        start.Environment["Jobs__Enabled"] = "false";
        if (settings is not null)
        {
            foreach ((string key, string value) in settings)
            {
                start.Environment[key] = value;
            }
        }

        Stopwatch clock = Stopwatch.StartNew();
        Process process = new() { StartInfo = start, EnableRaisingEvents = true };
        ServiceProcess service = new(process, chosenPort, clock);
        process.OutputDataReceived += (_, e) => service.Record(e.Data);
        process.ErrorDataReceived += (_, e) => service.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls /health/ready until it answers 200; returns the time from process start.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout)
    {
        using HttpClient probe = new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (_clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode} before it was ready:\n{Tail()}");
            }

            try
            {
                using HttpResponseMessage response = await probe.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return _clock.Elapsed;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or the first request is still warming up (a kubelet would simply probe again)
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"The service was not ready within {timeout}:\n{Tail()}");
    }

    /// <summary>What Kubernetes does at the end of the preStop hook: SIGTERM.</summary>
    public void SendSigterm()
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException("kill(SIGTERM) failed: errno " + Marshal.GetLastPInvokeError());
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using CancellationTokenSource cts = new(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // flush the redirected output
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The shutdown duration the service logged itself, in seconds.</summary>
    public double? LoggedShutdownSeconds()
    {
        foreach (string line in _output)
        {
            Match match = ShutdownLine().Match(line);
            if (match.Success)
            {
                return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public string Tail(int lines = 40) => string.Join('\n', _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    [GeneratedRegex("\"ShutdownSeconds\":([0-9.]+)")]
    private static partial Regex ShutdownLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

/// <summary>Where the service's build output is (the test project builds it through its project reference).</summary>
public static class ServiceBinary
{
    public static string Directory { get; } = Locate();

    public static string DllPath => Path.Combine(Directory, "NoDowntime.SampleService.dll");

    /// <summary>samples/NoDowntime.SampleService in the repository.</summary>
    public static string SourceDirectory { get; } = Path.Combine(RepositoryRoot(), "samples", "NoDowntime.SampleService");

    private static string RepositoryRoot()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "NoDowntime.Analyzers.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static string Locate()
    {
        // tests/NoDowntime.SampleService.Tests/bin/<Configuration>/net10.0/ -> samples/NoDowntime.SampleService/bin/<Configuration>/net10.0/
        DirectoryInfo output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        DirectoryInfo? root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "NoDowntime.Analyzers.sln")))
        {
            root = root.Parent;
        }

        if (root is not null)
        {
            string candidate = Path.Combine(root.FullName, "samples", "NoDowntime.SampleService", "bin", configuration, framework);
            if (File.Exists(Path.Combine(candidate, "NoDowntime.SampleService.dll")))
            {
                return candidate;
            }
        }

        // Fallback: the copy next to the tests (the project reference brings the assembly and its runtimeconfig).
        return AppContext.BaseDirectory;
    }
}
