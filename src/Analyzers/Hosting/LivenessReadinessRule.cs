using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// ND5002: liveness and readiness must be answered separately, and liveness must not run the checks that reach
/// dependencies. Only decided when every health endpoint's path is known: a path built at run time (a loop over
/// probe names, configuration) may well map several endpoints.
/// </summary>
internal static class LivenessReadinessRule
{
    /// <summary>Diagnostic property: which problem was found (<see cref="SingleEndpoint"/>, ...).</summary>
    internal const string CaseProperty = "Case";

    /// <summary>Only one health endpoint; the property <see cref="PathProperty"/> holds its path.</summary>
    internal const string SingleEndpoint = "SingleEndpoint";

    /// <summary>The liveness endpoint runs every check; it is the first additional location.</summary>
    internal const string LivenessRunsAllChecks = "LivenessRunsAllChecks";

    /// <summary>Several endpoints run the same checks.</summary>
    internal const string SameChecks = "SameChecks";

    internal const string PathProperty = "Path";

    internal static void Evaluate(HostRuleContext context)
    {
        HostFacts model = context.Facts;
        IReadOnlyList<HealthEndpoint> endpoints = model.Endpoints;
        if (model.UsesPlatformMethod || endpoints.Count == 0 || endpoints.Any(e => e.Path is null))
        {
            return;
        }

        var paths = endpoints.Select(e => e.Path!).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (paths.Count == 1)
        {
            Report(context, endpoints, SingleEndpoint, paths[0], $"Only one health endpoint ('{paths[0]}') is mapped, so it must answer both liveness and readiness");
            return;
        }

        if (!model.HasDependencyChecks)
        {
            // Every endpoint runs nothing but trivial checks: liveness cannot fail because of a dependency.
            return;
        }

        HealthEndpoint? liveness = endpoints.FirstOrDefault(e => !e.IsCustom && e.ChecksKey == HealthEndpoint.AllChecks && ProbePaths.IsLivenessPath(e.Path!));
        if (liveness is not null)
        {
            var livenessFirst = new List<HealthEndpoint> { liveness };
            livenessFirst.AddRange(endpoints.Where(e => e != liveness));
            Report(context, livenessFirst, LivenessRunsAllChecks, liveness.Path!, $"The liveness endpoint '{liveness.Path}' runs every registered health check, including those that reach dependencies");
            return;
        }

        var checkEndpoints = endpoints.Where(e => !e.IsCustom).ToList();
        if (checkEndpoints.Count >= 2
            && checkEndpoints.Select(e => e.Path!).Distinct(StringComparer.OrdinalIgnoreCase).Count() >= 2
            && checkEndpoints.All(e => e.ChecksKey == checkEndpoints[0].ChecksKey)
            && !checkEndpoints[0].ChecksKey.StartsWith("?", StringComparison.Ordinal))
        {
            string list = string.Join(", ", checkEndpoints.Select(e => "'" + e.Path + "'").Distinct(StringComparer.OrdinalIgnoreCase));
            Report(context, endpoints, SameChecks, null, $"The health endpoints {list} run the same checks, so liveness fails whenever a dependency does");
        }
    }

    private static void Report(HostRuleContext context, IReadOnlyList<HealthEndpoint> endpoints, string kind, string? path, string problem)
    {
        IEnumerable<Location> additional = endpoints.Select(e => e.Location);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(CaseProperty, kind).Add(PathProperty, path);
        foreach (HostSite site in context.Sites)
        {
            context.Report(Diagnostic.Create(Rules.LivenessNotSeparated, site.Location, additional, properties, problem));
        }
    }
}
