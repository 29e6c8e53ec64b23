using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NoDowntime.SampleService.Tests.Infrastructure;

/// <summary>
/// nginx on loopback in front of service instances, run from a private prefix directory. Taking an instance out
/// of the upstream and reloading is what an ingress controller does when a pod's endpoint is removed.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const int SigHup = 1;
    private const int SigQuit = 3;
    private readonly string _prefix;
    private readonly Process _process;

    private NginxProxy(string prefix, int port, Process process)
    {
        _prefix = prefix;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<NginxProxy> StartAsync(string prefix, IReadOnlyList<(int Port, bool Down)> upstreams)
    {
        if (!OperatingSystem.IsWindows())
        {
            // Workers run as an unprivileged user when the master is root: they must reach the prefix.
            for (DirectoryInfo? dir = new(prefix); dir is not null && dir.FullName != Path.GetTempPath().TrimEnd('/'); dir = dir.Parent)
            {
                dir.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }
        }

        foreach (string temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi", "logs" })
        {
            Directory.CreateDirectory(Path.Combine(prefix, temp));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(prefix, temp), (UnixFileMode)0x1FF); // workers may run as nobody
            }
        }

        int port = ServiceProcess.FreePort();
        WriteConfig(prefix, port, upstreams);
        ProcessStartInfo start = new(TestEnvironment.FindProgram("nginx")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(prefix);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(prefix, "nginx.conf"));
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Path.Combine(prefix, "logs", "error.log"));
        Process process = Process.Start(start)!;
        NginxProxy proxy = new(prefix, port, process);

        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("nginx exited: " + await process.StandardError.ReadToEndAsync() + proxy.ErrorLog());
            }

            try
            {
                using TcpClient probe = new();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("nginx did not listen within 15 s: " + proxy.ErrorLog());
    }

    /// <summary>Rewrites the upstream list and reloads gracefully (old workers finish their requests).</summary>
    public void Reconfigure(IReadOnlyList<(int Port, bool Down)> upstreams)
    {
        WriteConfig(_prefix, Port, upstreams);
        if (kill(_process.Id, SigHup) != 0)
        {
            throw new InvalidOperationException("kill(SIGHUP) failed: errno " + Marshal.GetLastPInvokeError());
        }
    }

    public string ErrorLog()
    {
        string path = Path.Combine(_prefix, "logs", "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            kill(_process.Id, SigQuit);
            using CancellationTokenSource wait = new(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static void WriteConfig(string prefix, int port, IReadOnlyList<(int Port, bool Down)> upstreams)
    {
        string servers = string.Join("\n", upstreams.Select(u => $"        server 127.0.0.1:{u.Port} max_fails=1 fail_timeout=2s{(u.Down ? " down" : "")};"));
        string config = $$"""
            worker_processes 1;
            daemon off;
            pid {{prefix}}/nginx.pid;
            events { worker_connections 1024; }
            http {
                access_log off;
                # A reload (how the test takes an instance out, like an endpoint update) closes the old worker's idle
                # client connections; a client sending on one at that instant would see a connection error that the
                # service never caused. One request per client connection keeps the test about the service.
                keepalive_timeout 0;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                upstream sample {
            {{servers}}
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://sample;
                        proxy_connect_timeout 1s;
                        proxy_read_timeout 15s;
                        proxy_next_upstream error timeout;
                        proxy_next_upstream_tries 2;
                        proxy_set_header X-Forwarded-For $remote_addr;
                    }
                }
            }
            """;
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), config);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
