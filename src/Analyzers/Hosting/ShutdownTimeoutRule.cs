using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// ND5003: a shutdown timeout or stopping delay above the termination budget. Reported where the value is written
/// (the finding is certain from that expression), once the compilation is known to build a web host.
/// </summary>
internal static class ShutdownTimeoutRule
{
    /// <summary>Diagnostic property: the budget in seconds, which the clamp fix writes.</summary>
    internal const string MaxSecondsProperty = "MaxSeconds";

    /// <summary>Diagnostic property: "true" when the value is a <c>TimeSpan</c> expression that the fix may replace.</summary>
    internal const string ClampableProperty = "Clampable";

    internal static void Evaluate(HostComposition model, System.Action<Diagnostic> report)
    {
        foreach (ShutdownFinding finding in model.ShutdownFindings)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(MaxSecondsProperty, finding.MaxSeconds.ToString(CultureInfo.InvariantCulture))
                .Add(ClampableProperty, finding.Clampable ? "true" : "false");
            report(Diagnostic.Create(Rules.ShutdownTimeoutTooLong, finding.Location, properties, finding.What, finding.Duration, finding.MaxSeconds));
        }
    }
}
