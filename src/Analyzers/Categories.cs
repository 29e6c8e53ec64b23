namespace NoDowntime.Analyzers;

/// <summary>
/// One category per rule family. The package's <c>NoDowntimeSeverity</c> switch sets severities by category,
/// so a new rule is covered as soon as it uses one of these.
/// </summary>
internal static class Categories
{
    internal const string Blocking = "NoDowntime.Blocking";
    internal const string Queries = "NoDowntime.Queries";
    internal const string Cancellation = "NoDowntime.Cancellation";
    internal const string StaticState = "NoDowntime.StaticState";
    internal const string Hosting = "NoDowntime.Hosting";
}
