using Xunit;

namespace NoDowntime.SampleService.Tests.Infrastructure;

/// <summary>Where the test PostgreSQL server is: an Npgsql connection string with CREATEDB rights.</summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "NODOWNTIME_TEST_POSTGRES";

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>The full path of a program on PATH (or in the usual sbin folders), or null.</summary>
    public static string? FindProgram(string name)
    {
        IEnumerable<string> folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"]);
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }
}

/// <summary>A test against a real PostgreSQL server; skipped, saying why, only when the connection string is absent.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            Skip = $"{TestEnvironment.PostgresVariable} is not set: start a server with tests/NoDowntime.SampleService.Tests/scripts/start-postgres.sh and export the variable it prints.";
        }
    }
}

/// <summary>A test that needs nginx on the machine (Debian package nginx-light or nginx).</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (TestEnvironment.FindProgram("nginx") is null)
        {
            Skip = "nginx is not installed: run tests/NoDowntime.SampleService.Tests/scripts/install-prerequisites.sh.";
        }
    }
}

/// <summary>A test that needs promtool (Debian package prometheus).</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (TestEnvironment.FindProgram("promtool") is null)
        {
            Skip = "promtool is not installed: run tests/NoDowntime.SampleService.Tests/scripts/install-prerequisites.sh.";
        }
    }
}
