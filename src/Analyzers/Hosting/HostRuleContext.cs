using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>What every ND5 rule reads at compilation end: the facts of some web host sites, those sites, and a way to report.</summary>
internal sealed class HostRuleContext
{
    /// <summary>Diagnostic property: how the host is built at the site (a <see cref="HostSiteKind"/> name).</summary>
    internal const string SiteKindProperty = "SiteKind";

    private readonly Action<Diagnostic> report;

    internal HostRuleContext(HostFacts facts, HostApiTable api, IReadOnlyList<HostSite> sites, NoDowntimeOptions<HostingOptions> options, Action<Diagnostic> report)
    {
        Facts = facts;
        Api = api;
        Options = options;
        Sites = sites;
        this.report = report;
    }

    /// <summary>What counts for every site of <see cref="Sites"/>.</summary>
    internal HostFacts Facts { get; }

    internal HostApiTable Api { get; }

    /// <summary>Options by tree: a rule reads those of the file where it reports.</summary>
    internal NoDowntimeOptions<HostingOptions> Options { get; }

    internal IReadOnlyList<HostSite> Sites { get; }

    /// <summary>Reports the diagnostic at every web host site.</summary>
    internal void ReportAtSites(DiagnosticDescriptor rule, ImmutableDictionary<string, string?>? properties, params object[] arguments)
    {
        foreach (HostSite site in Sites)
        {
            var withKind = (properties ?? ImmutableDictionary<string, string?>.Empty).SetItem(SiteKindProperty, site.Kind.ToString());
            report(Diagnostic.Create(rule, site.Location, withKind, arguments));
        }
    }

    internal void Report(Diagnostic diagnostic) => report(diagnostic);
}
