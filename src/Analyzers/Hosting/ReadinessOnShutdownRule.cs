using System.Linq;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// ND5007: a readiness endpoint exists but nothing reacts to the start of shutdown, so readiness cannot fail
/// before the server stops taking requests. Silent when the team declares a preStop hook, which solves the
/// same race outside the app.
/// </summary>
internal static class ReadinessOnShutdownRule
{
    internal static void Evaluate(HostRuleContext context)
    {
        HostFacts model = context.Facts;
        if (model.UsesPlatformMethod || model.HasStoppingHook)
        {
            return;
        }

        HealthEndpoint? readiness = model.Endpoints
            .Where(e => e.Path is not null && ProbePaths.IsReadinessPath(e.Path))
            .OrderBy(e => e.Path, System.StringComparer.Ordinal)
            .FirstOrDefault();
        if (readiness is null)
        {
            return;
        }

        foreach (HostSite site in context.Sites)
        {
            SyntaxTree? tree = site.Location.SourceTree;
            if (tree is not null && context.Options.For(tree).PreStopHook)
            {
                continue;
            }

            context.Report(Diagnostic.Create(Rules.ReadinessIgnoresShutdown, site.Location, new[] { readiness.Location }, readiness.Path));
        }
    }
}
