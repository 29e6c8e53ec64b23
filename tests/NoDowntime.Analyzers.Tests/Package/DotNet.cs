using System;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace NoDowntime.Analyzers.Tests.Package;

/// <summary>The result of one <c>dotnet</c> command: exit code and everything it printed.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"`{Command}` exited {ExitCode}:{Environment.NewLine}{Output}";
}

/// <summary>Runs the .NET CLI as a user would, without leaving build servers behind.</summary>
internal static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    public static async Task<CommandResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        // A consumer build must not inherit the test host's MSBuild or SDK selection.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(Timeout)).ConfigureAwait(false) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet {string.Join(' ', arguments)}` did not finish within {Timeout}.");
        }

        output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
        return new CommandResult("dotnet " + string.Join(' ', arguments), process.ExitCode, output.ToString());
    }
}
