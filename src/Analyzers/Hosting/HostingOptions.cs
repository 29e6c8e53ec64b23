using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>The <c>nodowntime.*</c> options of the ND5 family.</summary>
internal sealed class HostingOptions
{
    /// <summary>Default of <c>nodowntime.shutdown.max_seconds</c>: Kubernetes' default terminationGracePeriodSeconds.</summary>
    internal const int DefaultShutdownMaxSeconds = 30;

    internal const string ShutdownMaxSecondsKey = "shutdown.max_seconds";

    internal const string PlatformMethodsKey = "hosting.platform_methods";

    private HostingOptions(int shutdownMaxSeconds, ImmutableHashSet<string> platformMethods)
    {
        ShutdownMaxSeconds = shutdownMaxSeconds;
        PlatformMethods = platformMethods;
    }

    /// <summary>The longest shutdown (host shutdown timeout, stopping delay) that fits the termination grace period.</summary>
    internal int ShutdownMaxSeconds { get; }

    /// <summary>
    /// Names of methods (typically from a shared platform package) that compose health endpoints, request
    /// timeouts and limits; calling one silences the rules about missing pieces.
    /// </summary>
    internal ImmutableHashSet<string> PlatformMethods { get; }

    internal static HostingOptions Parse(AnalyzerConfigOptions options) => new(
        options.GetInt(ShutdownMaxSecondsKey, DefaultShutdownMaxSeconds, minimum: 1),
        options.GetList(PlatformMethodsKey).ToImmutableHashSet(StringComparer.Ordinal));
}
