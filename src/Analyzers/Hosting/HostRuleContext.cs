using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>What every ND5 rule reads at compilation end: the model, the web host sites, and a way to report.</summary>
internal sealed class HostRuleContext
{
    /// <summary>Diagnostic property: how the host is built at the site (a <see cref="HostSiteKind"/> name).</summary>
    internal const string SiteKindProperty = "SiteKind";

    private readonly Action<Diagnostic> report;

    internal HostRuleContext(HostComposition model, IReadOnlyList<HostSite> sites, Action<Diagnostic> report)
    {
        Model = model;
        Sites = sites;
        this.report = report;
    }

    internal HostComposition Model { get; }

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
