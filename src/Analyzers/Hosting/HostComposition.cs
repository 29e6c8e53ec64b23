using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

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

    internal HealthEndpoint(string? path, string checksKey, bool isCustom, Location location)
    {
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

/// <summary>
/// What a compilation composes into its web host, collected operation by operation while the compilation is
/// analysed (concurrently) and read once at compilation end. Facts are compilation-wide on purpose: services and
/// middleware are commonly added by extension methods elsewhere in the project, and a fact found anywhere in
/// the compilation counts. Every add is O(1), so the model stays linear in the size of the compilation.
/// </summary>
internal sealed class HostComposition
{
    private readonly ConcurrentDictionary<HostApi, Location> seen = new();
    private readonly ConcurrentQueue<HostSite> sites = new();
    private readonly ConcurrentQueue<HealthEndpoint> endpoints = new();
    private readonly ConcurrentQueue<ShutdownFinding> shutdownFindings = new();
    private readonly ConcurrentDictionary<ISymbol, bool> membersConfiguringWebHost = new(SymbolEqualityComparer.Default);
    private int opaqueCounter;
    private int dependencyChecks;
    private int requestTimeoutMetadata;
    private int rateLimitingMetadata;
    private int connectionLimit;
    private int platform;
    private int testServer;

    internal void Saw(HostApi api, Location location) => seen.TryAdd(api, location);

    internal bool Has(HostApi api) => seen.ContainsKey(api);

    internal void AddSite(HostSite site) => sites.Enqueue(site);

    internal void AddEndpoint(HealthEndpoint endpoint) => endpoints.Enqueue(endpoint);

    internal void AddShutdownFinding(ShutdownFinding finding) => shutdownFindings.Enqueue(finding);

    internal void MemberConfiguresWebHost(ISymbol member) => membersConfiguringWebHost.TryAdd(member, true);

    /// <summary>A key that no other endpoint shares, for checks that cannot be known.</summary>
    internal string NextOpaqueKey() => "?" + Interlocked.Increment(ref opaqueCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void SawDependencyCheck() => Interlocked.Exchange(ref dependencyChecks, 1);

    internal void SawRequestTimeoutMetadata() => Interlocked.Exchange(ref requestTimeoutMetadata, 1);

    internal void SawRateLimitingMetadata() => Interlocked.Exchange(ref rateLimitingMetadata, 1);

    internal void SawConnectionLimit() => Interlocked.Exchange(ref connectionLimit, 1);

    internal void SawPlatformMethod() => Interlocked.Exchange(ref platform, 1);

    internal void SawTestServer() => Interlocked.Exchange(ref testServer, 1);

    /// <summary>A health check other than a trivial "self" check is registered (it may reach a dependency).</summary>
    internal bool HasDependencyChecks => Volatile.Read(ref dependencyChecks) != 0;

    internal bool HasRequestTimeoutMetadata => Volatile.Read(ref requestTimeoutMetadata) != 0;

    internal bool HasRateLimitingMetadata => Volatile.Read(ref rateLimitingMetadata) != 0;

    internal bool HasConnectionLimit => Volatile.Read(ref connectionLimit) != 0;

    /// <summary>A method that the team declared to compose the whole zero-downtime set is called.</summary>
    internal bool UsesPlatformMethod => Volatile.Read(ref platform) != 0;

    /// <summary>The host is an in-memory test host (<c>UseTestServer</c>).</summary>
    internal bool IsTestHost => Volatile.Read(ref testServer) != 0;

    internal IReadOnlyList<HealthEndpoint> Endpoints => endpoints.ToArray();

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
}
