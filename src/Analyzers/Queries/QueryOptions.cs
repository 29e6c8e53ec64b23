using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Queries;

/// <summary>The options of the ND2 rules.</summary>
internal sealed class QueryOptions
{
    /// <summary><c>nodowntime.max_query_limit</c>: the most items one query may load (default 1000).</summary>
    public const string MaxQueryLimitKey = "max_query_limit";

    public const int DefaultMaxQueryLimit = 1000;

    /// <summary>The diagnostic property that carries the maximum to the code fixes.</summary>
    public const string MaxLimitProperty = "MaxQueryLimit";

    private QueryOptions(int maxQueryLimit)
    {
        MaxQueryLimit = maxQueryLimit;
    }

    public int MaxQueryLimit { get; }

    public static QueryOptions Parse(AnalyzerConfigOptions options) =>
        new(options.GetInt(MaxQueryLimitKey, DefaultMaxQueryLimit, minimum: 1));
}
