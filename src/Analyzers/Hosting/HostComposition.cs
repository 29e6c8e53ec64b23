using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>How a web host is created or built at a <see cref="HostSite"/>.</summary>
internal enum HostSiteKind
{
    /// <summary><c>WebApplicationBuilder.Build()</c>: always a web host.</summary>
    WebApplicationBuild,

    /// <summary><c>WebApplication.Create(args)</c>: a web host without a separate builder.</summary>
    WebApplicationCreate,

    /// <summary><c>IWebHostBuilder.Build()</c> (the pre-3.0 web host): always a web host.</summary>
    WebHostBuild,

    /// <summary><c>IHostBuilder.Build()</c>: a web host only when the builder is given a web host (ConfigureWebHost*).</summary>
    GenericHostBuild,
}

/// <summary>A place where a host is built: the diagnostics of the host-level rules are reported here.</summary>
internal sealed class HostSite
{
    internal HostSite(Location location, HostSiteKind kind, ISymbol? containingMember, ImmutableArray<IMethodSymbol> builderMethods, bool configuresWebHost)
    {
        Location = location;
        Kind = kind;
        ContainingMember = containingMember;
        BuilderMethods = builderMethods;
        ConfiguresWebHost = configuresWebHost;
    }

    internal Location Location { get; }

    internal HostSiteKind Kind { get; }

    /// <summary>The member whose body builds the host (the synthesized entry point for top-level statements).</summary>
    internal ISymbol? ContainingMember { get; }

    /// <summary>Methods of this compilation called in the receiver chain of <c>Build()</c> (<c>CreateHostBuilder(args)</c>).</summary>
    internal ImmutableArray<IMethodSymbol> BuilderMethods { get; }

    /// <summary>The receiver chain itself calls <c>ConfigureWebHostDefaults</c> / <c>ConfigureWebHost</c>.</summary>
    internal bool ConfiguresWebHost { get; }
}

/// <summary>A health endpoint: <c>MapHealthChecks</c>, <c>UseHealthChecks</c>, or a hand-written probe route.</summary>
internal sealed class HealthEndpoint
{
    /// <summary>The checks key of an endpoint that runs every registered check.</summary>
    internal const string AllChecks = "*";

    internal HealthEndpoint(string? path, string checksKey, bool isCustom, Location location, ISymbol? owner)
    {
        Owner = HostComposition.OwnerKey(owner);
        Path = path;
        ChecksKey = checksKey;
        IsCustom = isCustom;
        Location = location;
    }

    /// <summary>The route or path, or null when it is not a constant.</summary>
    internal string? Path { get; }

    /// <summary>
    /// Which checks the endpoint runs: <see cref="AllChecks"/>, the normalized text of its predicate, or a key
    /// unique to this endpoint when that cannot be known (options from a variable, a hand-written handler).
    /// </summary>
    internal string ChecksKey { get; }

    internal bool IsCustom { get; }

    internal Location Location { get; }

    /// <summary>The member whose code maps the endpoint (see <see cref="HostComposition"/>), or null.</summary>
    internal ISymbol? Owner { get; }
}

/// <summary>A configured shutdown duration or stopping delay above the budget.</summary>
internal sealed class ShutdownFinding
{
    internal ShutdownFinding(Location location, string what, string duration, int maxSeconds, bool clampable)
    {
        Location = location;
        What = what;
        Duration = duration;
        MaxSeconds = maxSeconds;
        Clampable = clampable;
    }

    internal Location Location { get; }

    internal string What { get; }

    internal string Duration { get; }

    internal int MaxSeconds { get; }

    /// <summary>The value is a <c>TimeSpan</c> expression that a fix may replace with the budget.</summary>
    internal bool Clampable { get; }
}

/// <summary>A yes/no fact of the composition that is not one recognised call.</summary>
internal enum HostFlag
{
    /// <summary>A health check other than a trivial "self" check is registered (it may reach a dependency).</summary>
    DependencyChecks,

    RequestTimeoutMetadata,

    RateLimitingMetadata,

    ConnectionLimit,

    /// <summary>A method that the team declared to compose the whole zero-downtime set is called.</summary>
    PlatformMethod,

    /// <summary>Something reacts to the start of shutdown (ApplicationStopping, a lifecycle service, a host lifetime).</summary>
    StoppingHook,
}

/// <summary>
/// What a compilation composes into its web hosts, collected operation by operation while the compilation is
/// analysed (concurrently) and read once at compilation end. Every fact remembers the member whose code states it
/// (its owner), and every call from one member of the compilation to another is kept as an edge. Every add is
/// O(1), so the model stays linear in the size of the compilation.
/// <para>
/// With one web host (or every web host built in the same member) every fact counts for it, wherever it is:
/// services and middleware are commonly added by extension methods elsewhere in the project. With web hosts
/// built in different members, a fact counts for the hosts whose building member reaches its owner through calls
/// of this compilation (never entering another host's building member); a fact that no host reaches (a
/// <c>Startup</c> class the framework calls, a controller, a health check class) still counts for every host.
/// Reachability is computed once, at compilation end, over the collected edges.
/// </para>
/// </summary>
internal sealed class HostComposition
{
    /// <summary>Above this many web host sites the facts are not attributed (one bit per site).</summary>
    private const int MaxAttributedSites = 64;

    private readonly ConcurrentDictionary<OwnedFact, byte> facts = new(OwnedFactComparer.Instance);
    private readonly ConcurrentQueue<HostSite> sites = new();
    private readonly ConcurrentQueue<HealthEndpoint> endpoints = new();
    private readonly ConcurrentQueue<ShutdownFinding> shutdownFindings = new();
    private readonly PerThreadBuffer<KeyValuePair<ISymbol, ISymbol>> calls = new();
    private readonly ConcurrentDictionary<ISymbol, bool> membersConfiguringWebHost = new(SymbolEqualityComparer.Default);
    private int opaqueCounter;
    private int testServer;

    /// <summary>The symbol that facts and call edges are keyed by: a method's definition (one part of a partial method).</summary>
    internal static ISymbol? OwnerKey(ISymbol? symbol) => symbol switch
    {
        null => null,
        IMethodSymbol method => (method.PartialDefinitionPart ?? method).OriginalDefinition,
        _ => symbol.OriginalDefinition,
    };

    internal void Saw(HostApi api, ISymbol? owner) => facts.TryAdd(new OwnedFact(OwnerKey(owner), HostFacts.Code(api)), 0);

    internal void Saw(HostFlag flag, ISymbol? owner) => facts.TryAdd(new OwnedFact(OwnerKey(owner), HostFacts.Code(flag)), 0);

    /// <summary>Records that <paramref name="caller"/> calls (or references) <paramref name="callee"/>, a member of this compilation.</summary>
    internal void AddCall(ISymbol? caller, ISymbol? callee)
    {
        ISymbol? from = OwnerKey(caller);
        ISymbol? to = OwnerKey(callee);
        // Whether the callee has a declaration is asked only when the edges are used (DeclaringSyntaxReferences allocates).
        if (from is not null && to is not null && !SymbolEqualityComparer.Default.Equals(from, to))
        {
            calls.Add(new KeyValuePair<ISymbol, ISymbol>(from, to));
        }
    }

    internal void AddSite(HostSite site) => sites.Enqueue(site);

    internal void AddEndpoint(HealthEndpoint endpoint) => endpoints.Enqueue(endpoint);

    internal void AddShutdownFinding(ShutdownFinding finding) => shutdownFindings.Enqueue(finding);

    internal void MemberConfiguresWebHost(ISymbol member) => membersConfiguringWebHost.TryAdd(member, true);

    /// <summary>A key that no other endpoint shares, for checks that cannot be known.</summary>
    internal string NextOpaqueKey() => "?" + Interlocked.Increment(ref opaqueCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void SawTestServer() => Interlocked.Exchange(ref testServer, 1);

    /// <summary>The host is an in-memory test host (<c>UseTestServer</c>).</summary>
    internal bool IsTestHost => Volatile.Read(ref testServer) != 0;

    internal IReadOnlyList<ShutdownFinding> ShutdownFindings => shutdownFindings.ToArray();

    /// <summary>Sites that build a web host, in source order.</summary>
    internal IReadOnlyList<HostSite> WebHostSites()
    {
        var result = new List<HostSite>();
        foreach (HostSite site in sites)
        {
            if (site.Kind != HostSiteKind.GenericHostBuild || IsWebHost(site))
            {
                result.Add(site);
            }
        }

        return result
            .OrderBy(s => s.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(s => s.Location.SourceSpan.Start)
            .ToList();
    }

    /// <summary>
    /// The web host sites grouped with the facts that count for them: one group with every fact when the facts
    /// cannot or need not be attributed, otherwise one group per site.
    /// </summary>
    internal IReadOnlyList<HostView> Views(IReadOnlyList<HostSite> webSites)
    {
        Dictionary<ISymbol, ulong>? reach = webSites.Count > 1 && webSites.Count <= MaxAttributedSites ? Reachability(webSites) : null;
        if (reach is null)
        {
            return new[] { new HostView(Facts(_ => true), webSites) };
        }

        var views = new List<HostView>(webSites.Count);
        for (int i = 0; i < webSites.Count; i++)
        {
            ulong bit = 1UL << i;
            views.Add(new HostView(Facts(owner => owner is null || !reach.TryGetValue(owner, out ulong hosts) || hosts == 0 || (hosts & bit) != 0), new[] { webSites[i] }));
        }

        return views;
    }

    /// <summary>
    /// For every member that a web host's building member reaches, the sites (one bit each) that reach it; null
    /// when the sites cannot be told apart (all built in one member, or a site outside any member).
    /// </summary>
    private Dictionary<ISymbol, ulong>? Reachability(IReadOnlyList<HostSite> webSites)
    {
        var reach = new Dictionary<ISymbol, ulong>(SymbolEqualityComparer.Default);
        var building = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        for (int i = 0; i < webSites.Count; i++)
        {
            HostSite site = webSites[i];
            ISymbol? member = OwnerKey(site.ContainingMember);
            if (member is null)
            {
                return null;
            }

            ulong bit = 1UL << i;
            building.Add(member);
            Mark(reach, member, bit);
            foreach (IMethodSymbol method in site.BuilderMethods)
            {
                if (OwnerKey(method) is { } builderMethod)
                {
                    Mark(reach, builderMethod, bit);
                }
            }
        }

        if (building.Count < 2)
        {
            return null;
        }

        var callees = new Dictionary<ISymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        var declared = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        foreach (KeyValuePair<ISymbol, ISymbol> call in calls)
        {
            if (!declared.TryGetValue(call.Value, out bool hasDeclaration))
            {
                declared[call.Value] = hasDeclaration = call.Value.DeclaringSyntaxReferences.Length > 0;
            }

            if (!hasDeclaration)
            {
                continue;
            }

            if (!callees.TryGetValue(call.Key, out HashSet<ISymbol>? targets))
            {
                targets = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                callees.Add(call.Key, targets);
            }

            targets.Add(call.Value);
        }

        // Each member is queued again only when it gains a site, so the walk is O(sites x edges) at worst.
        var pending = new Queue<ISymbol>(reach.Keys);
        while (pending.Count > 0)
        {
            ISymbol member = pending.Dequeue();
            if (!callees.TryGetValue(member, out HashSet<ISymbol>? targets))
            {
                continue;
            }

            ulong hosts = reach[member];
            foreach (ISymbol target in targets)
            {
                // Another host's building member is that host's own: what it composes is not this host's.
                if (building.Contains(target))
                {
                    continue;
                }

                reach.TryGetValue(target, out ulong known);
                if ((hosts & ~known) != 0)
                {
                    reach[target] = known | hosts;
                    pending.Enqueue(target);
                }
            }
        }

        return reach;
    }

    private static void Mark(Dictionary<ISymbol, ulong> reach, ISymbol member, ulong bit)
    {
        reach.TryGetValue(member, out ulong known);
        reach[member] = known | bit;
    }

    private HostFacts Facts(System.Func<ISymbol?, bool> counts)
    {
        var codes = new HashSet<int>();
        foreach (KeyValuePair<OwnedFact, byte> fact in facts)
        {
            if (counts(fact.Key.Owner))
            {
                codes.Add(fact.Key.Code);
            }
        }

        var counted = new List<HealthEndpoint>();
        foreach (HealthEndpoint endpoint in endpoints)
        {
            if (counts(endpoint.Owner))
            {
                counted.Add(endpoint);
            }
        }

        return new HostFacts(codes, counted);
    }

    private bool IsWebHost(HostSite site)
    {
        if (site.ConfiguresWebHost)
        {
            return true;
        }

        if (site.ContainingMember is not null && membersConfiguringWebHost.ContainsKey(site.ContainingMember))
        {
            return true;
        }

        foreach (IMethodSymbol method in site.BuilderMethods)
        {
            if (membersConfiguringWebHost.ContainsKey(method))
            {
                return true;
            }
        }

        return false;
    }

    private readonly struct OwnedFact
    {
        internal OwnedFact(ISymbol? owner, int code)
        {
            Owner = owner;
            Code = code;
        }

        internal ISymbol? Owner { get; }

        internal int Code { get; }
    }

    private sealed class OwnedFactComparer : IEqualityComparer<OwnedFact>
    {
        internal static readonly OwnedFactComparer Instance = new();

        public bool Equals(OwnedFact x, OwnedFact y) => x.Code == y.Code && SymbolEqualityComparer.Default.Equals(x.Owner, y.Owner);

        public int GetHashCode(OwnedFact fact) => (fact.Code * 397) ^ SymbolEqualityComparer.Default.GetHashCode(fact.Owner);
    }
}

/// <summary>What counts for one or more web host sites: the recognised calls, the flags and the health endpoints.</summary>
internal sealed class HostFacts
{
    private readonly HashSet<int> codes;

    internal HostFacts(HashSet<int> codes, IReadOnlyList<HealthEndpoint> endpoints)
    {
        this.codes = codes;
        Endpoints = endpoints;
    }

    internal IReadOnlyList<HealthEndpoint> Endpoints { get; }

    /// <summary>Something reacts to the start of shutdown (ApplicationStopping, a lifecycle service, a host lifetime).</summary>
    internal bool HasStoppingHook => Has(HostFlag.StoppingHook);

    /// <summary>A health check other than a trivial "self" check is registered (it may reach a dependency).</summary>
    internal bool HasDependencyChecks => Has(HostFlag.DependencyChecks);

    internal bool HasRequestTimeoutMetadata => Has(HostFlag.RequestTimeoutMetadata);

    internal bool HasRateLimitingMetadata => Has(HostFlag.RateLimitingMetadata);

    internal bool HasConnectionLimit => Has(HostFlag.ConnectionLimit);

    /// <summary>A method that the team declared to compose the whole zero-downtime set is called.</summary>
    internal bool UsesPlatformMethod => Has(HostFlag.PlatformMethod);

    internal static int Code(HostApi api) => (int)api;

    internal static int Code(HostFlag flag) => -1 - (int)flag;

    internal bool Has(HostApi api) => codes.Contains(Code(api));

    private bool Has(HostFlag flag) => codes.Contains(Code(flag));
}

/// <summary>Web host sites and the facts that count for them.</summary>
internal sealed class HostView
{
    internal HostView(HostFacts facts, IReadOnlyList<HostSite> sites)
    {
        Facts = facts;
        Sites = sites;
    }

    internal HostFacts Facts { get; }

    internal IReadOnlyList<HostSite> Sites { get; }
}
