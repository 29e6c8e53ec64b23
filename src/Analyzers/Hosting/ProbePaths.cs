using System;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>What a route or path says about the probe it serves, read segment by segment.</summary>
internal static class ProbePaths
{
    /// <summary>A path that a probe would call: a segment starting with "health", or a live/ready/startup segment.</summary>
    internal static bool IsProbe(string path)
    {
        foreach (string segment in Segments(path))
        {
            if (segment.StartsWith("health", StringComparison.OrdinalIgnoreCase) || IsLiveness(segment) || IsReadiness(segment) || IsStartup(segment))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A path whose segment says liveness: live, livez, liveness, alive.</summary>
    internal static bool IsLivenessPath(string path)
    {
        foreach (string segment in Segments(path))
        {
            if (IsLiveness(segment))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Segments(string path) =>
        path.Split(new[] { '/', '\\', '.', '-', '_' }, StringSplitOptions.RemoveEmptyEntries);

    private static bool IsLiveness(string segment) =>
        Is(segment, "live") || Is(segment, "livez") || Is(segment, "liveness") || Is(segment, "alive");

    private static bool IsReadiness(string segment) =>
        Is(segment, "ready") || Is(segment, "readyz") || Is(segment, "readiness");

    private static bool IsStartup(string segment) =>
        Is(segment, "startup") || Is(segment, "startupz") || Is(segment, "started");

    private static bool Is(string segment, string word) => string.Equals(segment, word, StringComparison.OrdinalIgnoreCase);
}
