using System;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>What a route or path says about the probe it serves, read segment by segment.</summary>
internal static class ProbePaths
{
    /// <summary>A path that a probe would call: a segment starting with "health", or a live/ready/startup segment.</summary>
    internal static bool IsProbe(string path)
    {
        // Segments are compared in place: route templates of every action pass here, most are no probe.
        for (int position = 0; NextSegment(path, ref position, out int start, out int length);)
        {
            if ((length >= 6 && string.Compare(path, start, "health", 0, 6, StringComparison.OrdinalIgnoreCase) == 0)
                || IsLiveness(path, start, length) || IsReadiness(path, start, length) || IsStartup(path, start, length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A path whose segment says liveness: live, livez, liveness, alive.</summary>
    internal static bool IsLivenessPath(string path)
    {
        for (int position = 0; NextSegment(path, ref position, out int start, out int length);)
        {
            if (IsLiveness(path, start, length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A path whose segment says readiness: ready, readyz, readiness.</summary>
    internal static bool IsReadinessPath(string path)
    {
        for (int position = 0; NextSegment(path, ref position, out int start, out int length);)
        {
            if (IsReadiness(path, start, length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next non-empty segment of <paramref name="path"/> at or after <paramref name="position"/>, split at / \ . - _.</summary>
    private static bool NextSegment(string path, ref int position, out int start, out int length)
    {
        while (position < path.Length && IsSeparator(path[position]))
        {
            position++;
        }

        start = position;
        while (position < path.Length && !IsSeparator(path[position]))
        {
            position++;
        }

        length = position - start;
        return length > 0;
    }

    private static bool IsSeparator(char c) => c is '/' or '\\' or '.' or '-' or '_';

    private static bool IsLiveness(string path, int start, int length) =>
        Is(path, start, length, "live") || Is(path, start, length, "livez") || Is(path, start, length, "liveness") || Is(path, start, length, "alive");

    private static bool IsReadiness(string path, int start, int length) =>
        Is(path, start, length, "ready") || Is(path, start, length, "readyz") || Is(path, start, length, "readiness");

    private static bool IsStartup(string path, int start, int length) =>
        Is(path, start, length, "startup") || Is(path, start, length, "startupz") || Is(path, start, length, "started");

    private static bool Is(string path, int start, int length, string word) =>
        length == word.Length && string.Compare(path, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0;
}
