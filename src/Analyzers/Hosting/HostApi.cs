using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>The framework calls that the host-composition model recognises.</summary>
internal enum HostApi
{
    None,

    // Where a web host is created and built.
    CreateWebApplicationBuilder,
    CreateWebApplication,
    WebApplicationBuild,
    ConfigureWebHost,
    WebHostCreateDefaultBuilder,

    // Health checks.
    AddHealthChecks,
    MapHealthChecks,
    UseHealthChecks,

    // Request timeouts.
    AddRequestTimeouts,
    UseRequestTimeouts,
    WithRequestTimeout,

    // Rate and concurrency limiting.
    AddRateLimiter,
    UseRateLimiter,
    RequireRateLimiting,

    // Other middleware pairs whose halves must both be present.
    AddOutputCache,
    UseOutputCache,
    AddResponseCompression,
    UseResponseCompression,
    AddResponseCaching,
    UseResponseCaching,

    // Shutdown.
    UseShutdownTimeout,

    // Endpoint mapping with a route pattern (a hand-written health endpoint).
    MapRoute,
}

/// <summary>
/// The framework types of the ND5 family, resolved once per compilation, and a lookup from a called method to
/// the <see cref="HostApi"/> it stands for. Methods are matched by containing type (symbol comparison) and name.
/// </summary>
internal sealed class HostApiTable
{
    private readonly HashSet<string> methodNames = new(System.StringComparer.Ordinal);

    private readonly Dictionary<INamedTypeSymbol, Dictionary<string, HostApi>> byType =
        new(SymbolEqualityComparer.Default);

    private HostApiTable(Compilation compilation, INamedTypeSymbol webApplication)
    {
        WebApplication = webApplication;
        WebApplicationBuilder = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.WebApplicationBuilder");
        HostBuilder = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.IHostBuilder");
        WebHostBuilder = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Hosting.IWebHostBuilder");
        HealthChecksBuilder = WellKnownTypes.Get(compilation, "Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder");
        HealthCheckResult = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult");
        HealthCheckOptions = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions");
        HostOptions = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.HostOptions");
        HostApplicationLifetime = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.IHostApplicationLifetime");
        HostedLifecycleService = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.IHostedLifecycleService");
        HostLifetime = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.IHostLifetime");
        KestrelServerLimits = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits");
        RequestTimeoutAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutAttribute");
        EnableRateLimitingAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute");
        HttpMethodAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute");
        RouteAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.RouteAttribute");
        TimeSpan = WellKnownTypes.Get(compilation, "System.TimeSpan");
        Thread = WellKnownTypes.Get(compilation, "System.Threading.Thread");
        Task = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task");
        Timeout = WellKnownTypes.Get(compilation, "System.Threading.Timeout");

        HasRequestTimeouts = WellKnownTypes.Get(compilation, "Microsoft.Extensions.DependencyInjection.RequestTimeoutsIServiceCollectionExtensions") is not null;
        HasRateLimiter = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.RateLimiterServiceCollectionExtensions") is not null;

        Add(compilation, "Microsoft.AspNetCore.Builder.WebApplication",
            ("CreateBuilder", HostApi.CreateWebApplicationBuilder),
            ("CreateSlimBuilder", HostApi.CreateWebApplicationBuilder),
            ("CreateEmptyBuilder", HostApi.CreateWebApplicationBuilder),
            ("Create", HostApi.CreateWebApplication));
        Add(compilation, "Microsoft.AspNetCore.Builder.WebApplicationBuilder", ("Build", HostApi.WebApplicationBuild));
        Add(compilation, "Microsoft.Extensions.Hosting.GenericHostBuilderExtensions", ("ConfigureWebHostDefaults", HostApi.ConfigureWebHost));
        Add(compilation, "Microsoft.Extensions.Hosting.GenericHostWebHostBuilderExtensions", ("ConfigureWebHost", HostApi.ConfigureWebHost));
        Add(compilation, "Microsoft.AspNetCore.WebHost", ("CreateDefaultBuilder", HostApi.WebHostCreateDefaultBuilder));

        Add(compilation, "Microsoft.Extensions.DependencyInjection.HealthCheckServiceCollectionExtensions", ("AddHealthChecks", HostApi.AddHealthChecks));
        Add(compilation, "Microsoft.AspNetCore.Builder.HealthCheckEndpointRouteBuilderExtensions", ("MapHealthChecks", HostApi.MapHealthChecks));
        Add(compilation, "Microsoft.AspNetCore.Builder.HealthCheckApplicationBuilderExtensions", ("UseHealthChecks", HostApi.UseHealthChecks));

        Add(compilation, "Microsoft.Extensions.DependencyInjection.RequestTimeoutsIServiceCollectionExtensions", ("AddRequestTimeouts", HostApi.AddRequestTimeouts));
        Add(compilation, "Microsoft.AspNetCore.Builder.RequestTimeoutsIApplicationBuilderExtensions", ("UseRequestTimeouts", HostApi.UseRequestTimeouts));
        Add(compilation, "Microsoft.AspNetCore.Builder.RequestTimeoutsIEndpointConventionBuilderExtensions", ("WithRequestTimeout", HostApi.WithRequestTimeout));

        Add(compilation, "Microsoft.AspNetCore.Builder.RateLimiterServiceCollectionExtensions", ("AddRateLimiter", HostApi.AddRateLimiter));
        Add(compilation, "Microsoft.AspNetCore.Builder.RateLimiterApplicationBuilderExtensions", ("UseRateLimiter", HostApi.UseRateLimiter));
        Add(compilation, "Microsoft.AspNetCore.Builder.RateLimiterEndpointConventionBuilderExtensions", ("RequireRateLimiting", HostApi.RequireRateLimiting));

        Add(compilation, "Microsoft.Extensions.DependencyInjection.OutputCacheServiceCollectionExtensions", ("AddOutputCache", HostApi.AddOutputCache));
        Add(compilation, "Microsoft.AspNetCore.Builder.OutputCacheApplicationBuilderExtensions", ("UseOutputCache", HostApi.UseOutputCache));
        Add(compilation, "Microsoft.AspNetCore.Builder.ResponseCompressionServicesExtensions", ("AddResponseCompression", HostApi.AddResponseCompression));
        Add(compilation, "Microsoft.AspNetCore.Builder.ResponseCompressionBuilderExtensions", ("UseResponseCompression", HostApi.UseResponseCompression));
        Add(compilation, "Microsoft.Extensions.DependencyInjection.ResponseCachingServicesExtensions", ("AddResponseCaching", HostApi.AddResponseCaching));
        Add(compilation, "Microsoft.AspNetCore.Builder.ResponseCachingExtensions", ("UseResponseCaching", HostApi.UseResponseCaching));

        Add(compilation, "Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions", ("UseShutdownTimeout", HostApi.UseShutdownTimeout));

        Add(compilation, "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions",
            ("MapGet", HostApi.MapRoute),
            ("MapMethods", HostApi.MapRoute),
            ("Map", HostApi.MapRoute));
    }

    internal INamedTypeSymbol WebApplication { get; }

    /// <summary>The framework has the request-timeouts middleware (ASP.NET Core 8 and later).</summary>
    internal bool HasRequestTimeouts { get; }

    /// <summary>The framework has the rate-limiting middleware (ASP.NET Core 7 and later).</summary>
    internal bool HasRateLimiter { get; }

    internal INamedTypeSymbol? WebApplicationBuilder { get; }

    internal INamedTypeSymbol? HostBuilder { get; }

    internal INamedTypeSymbol? WebHostBuilder { get; }

    internal INamedTypeSymbol? HealthChecksBuilder { get; }

    internal INamedTypeSymbol? HealthCheckResult { get; }

    internal INamedTypeSymbol? HealthCheckOptions { get; }

    internal INamedTypeSymbol? HostOptions { get; }

    internal INamedTypeSymbol? HostApplicationLifetime { get; }

    internal INamedTypeSymbol? HostedLifecycleService { get; }

    internal INamedTypeSymbol? HostLifetime { get; }

    internal INamedTypeSymbol? KestrelServerLimits { get; }

    internal INamedTypeSymbol? RequestTimeoutAttribute { get; }

    internal INamedTypeSymbol? EnableRateLimitingAttribute { get; }

    internal INamedTypeSymbol? HttpMethodAttribute { get; }

    internal INamedTypeSymbol? RouteAttribute { get; }

    internal INamedTypeSymbol? TimeSpan { get; }

    internal INamedTypeSymbol? Thread { get; }

    internal INamedTypeSymbol? Task { get; }

    internal INamedTypeSymbol? Timeout { get; }

    /// <summary>The table for a compilation, or null when it cannot host an ASP.NET Core application.</summary>
    internal static HostApiTable? Create(Compilation compilation)
    {
        INamedTypeSymbol? webApplication = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.WebApplication");
        return webApplication is null ? null : new HostApiTable(compilation, webApplication);
    }

    internal HostApi Classify(IMethodSymbol method)
    {
        // Most calls are rejected by name alone, before any symbol is looked at.
        if (!methodNames.Contains(method.Name))
        {
            return HostApi.None;
        }

        IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (definition.ContainingType is { } type
            && byType.TryGetValue(type.OriginalDefinition, out var names)
            && names.TryGetValue(definition.Name, out HostApi api))
        {
            return api;
        }

        return HostApi.None;
    }

    private void Add(Compilation compilation, string metadataName, params (string Name, HostApi Api)[] methods)
    {
        INamedTypeSymbol? type = WellKnownTypes.Get(compilation, metadataName);
        if (type is null)
        {
            return;
        }

        var names = new Dictionary<string, HostApi>();
        foreach (var (name, api) in methods)
        {
            names[name] = api;
            methodNames.Add(name);
        }

        byType[type] = names;
    }
}
