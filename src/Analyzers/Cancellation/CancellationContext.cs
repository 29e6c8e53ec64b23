using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;
using NoDowntime.Analyzers.RequestPaths;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// Options of the ND3 family: <c>nodowntime.cancellation.token_names</c> (default: empty) names in-house types
/// that carry a token (a parameter of such a type makes its <c>CancellationToken</c> property available).
/// Names are full (<c>MyCompany.RequestContext</c>) or simple (<c>RequestContext</c>), comma separated.
/// </summary>
internal sealed class CancellationOptions
{
    internal const string TokenNamesKey = "cancellation.token_names";

    internal static readonly CancellationOptions Default = new(ImmutableArray<string>.Empty);

    private CancellationOptions(ImmutableArray<string> tokenTypeNames) => TokenTypeNames = tokenTypeNames;

    internal ImmutableArray<string> TokenTypeNames { get; }

    internal static CancellationOptions Parse(AnalyzerConfigOptions options)
    {
        var names = options.GetList(TokenNamesKey);
        return names.IsEmpty ? Default : new CancellationOptions(names);
    }

    /// <summary>Message-framework contexts that carry the message's token, recognised without configuration.</summary>
    private static readonly ImmutableHashSet<string> BuiltInCarriers = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "MassTransit.ConsumeContext", "Quartz.IJobExecutionContext", "NServiceBus.IMessageHandlerContext", "NServiceBus.IPipelineContext");

    /// <summary>The simple names of <see cref="BuiltInCarriers"/>: only a type of one of these names needs its full name built.</summary>
    private static readonly ImmutableHashSet<string> BuiltInCarrierNames = ImmutableHashSet.Create(
        StringComparer.Ordinal, "ConsumeContext", "IJobExecutionContext", "IMessageHandlerContext", "IPipelineContext");

    internal bool IsTokenCarrier(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        if (IsBuiltInCarrier(named))
        {
            return true;
        }

        if (TokenTypeNames.IsEmpty)
        {
            return false;
        }

        string full = named.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        int generic = full.IndexOf('<');
        if (generic >= 0)
        {
            full = full.Substring(0, generic);
        }

        foreach (string raw in TokenTypeNames)
        {
            string name = raw.StartsWith("global::", StringComparison.Ordinal) ? raw.Substring(8) : raw;
            if (string.Equals(name, full, StringComparison.Ordinal) || string.Equals(name, named.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBuiltInCarrier(INamedTypeSymbol type)
    {
        if (BuiltInCarrierNames.Contains(type.Name) && BuiltInCarriers.Contains(FullName(type)))
        {
            return true;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (BuiltInCarrierNames.Contains(implemented.Name) && BuiltInCarriers.Contains(FullName(implemented)))
            {
                return true;
            }
        }

        return false;
    }

    private static string FullName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.Name : type.Name;
}

/// <summary>
/// What the ND3 analyzers resolve once per compilation: the well-known types, the options and the request-path
/// model (used only for its local questions: which entry point the code is in, and whether it is start-up code).
/// </summary>
internal sealed class CancellationContext
{
    private CancellationContext(Compilation compilation, AnalyzerOptions options, RequestPathModel model, INamedTypeSymbol token)
    {
        Compilation = compilation;
        Model = model;
        Options = new NoDowntimeOptions<CancellationOptions>(options, CancellationOptions.Parse);
        CancellationToken = token;
        TokenSource = WellKnownTypes.Get(compilation, "System.Threading.CancellationTokenSource");
        Task = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task");
        TaskOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task`1");
        ValueTask = WellKnownTypes.Get(compilation, "System.Threading.Tasks.ValueTask");
        ValueTaskOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.ValueTask`1");
        AsyncEnumerable = WellKnownTypes.Get(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
        TaskFactory = WellKnownTypes.Get(compilation, "System.Threading.Tasks.TaskFactory");
        HttpContext = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.HttpContext");
        HttpRequest = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.HttpRequest");
        HttpResponse = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.HttpResponse");
        HttpContextAccessor = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.IHttpContextAccessor");
        ServerCallContext = WellKnownTypes.Get(compilation, "Grpc.Core.ServerCallContext");
        ControllerBase = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerBase");
        PageModel = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        OperationCanceledException = WellKnownTypes.Get(compilation, "System.OperationCanceledException");
        BackgroundService = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.BackgroundService");
        HostedService = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.IHostedService");
        Obsolete = WellKnownTypes.Get(compilation, "System.ObsoleteAttribute");
        tokenOverloads = Memo.ForSymbols<IMethodSymbol, bool>(method => CancellableCalls.HasTokenOverloadCandidate(method, this));
        page = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.RazorPages.Page");
        apiControllerAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        controllerAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerAttribute");
        handlerTypes = new RecentFirstMemo<INamedTypeSymbol, bool>(new Memo<INamedTypeSymbol, bool>(64, SymbolEqualityComparer.Default, ComputeMayDeclareHandlers));
    }

    private readonly INamedTypeSymbol? page;
    private readonly INamedTypeSymbol? apiControllerAttribute;
    private readonly INamedTypeSymbol? controllerAttribute;
    private readonly RecentFirstMemo<INamedTypeSymbol, bool> handlerTypes;

    /// <summary>
    /// False when no method of the type can be a controller action or a Razor page handler: the type is no class
    /// deriving from <c>ControllerBase</c>, <c>PageModel</c> or <c>Page</c> and carries no <c>[Controller]</c> /
    /// <c>[ApiController]</c> attribute on itself or a base (a superset of the entry-point detector's rule, remembered
    /// per type, so the methods of services, repositories and DTOs are rejected without an entry-point check).
    /// </summary>
    internal bool MayDeclareHandlers(INamedTypeSymbol? type) => type is not null && handlerTypes.Get(type);

    private bool ComputeMayDeclareHandlers(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic)
        {
            return false;
        }

        int guard = 0;
        for (INamedTypeSymbol? current = type; current is not null && guard++ < 64; current = current.BaseType)
        {
            if (Is(current, ControllerBase) || Is(current, PageModel) || Is(current, page))
            {
                return true;
            }

            foreach (AttributeData attribute in current.GetAttributes())
            {
                int depth = 0;
                for (INamedTypeSymbol? attributeType = attribute.AttributeClass; attributeType is not null && depth++ < 64; attributeType = attributeType.BaseType)
                {
                    if (Is(attributeType, apiControllerAttribute) || Is(attributeType, controllerAttribute))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private readonly Memo<IMethodSymbol, bool> tokenOverloads;

    /// <summary>False when no overload of the method's definition takes a token (remembered per definition).</summary>
    internal bool MayHaveTokenOverload(IMethodSymbol method) => tokenOverloads.Get(method.OriginalDefinition);

    internal Compilation Compilation { get; }

    internal RequestPathModel Model { get; }

    internal NoDowntimeOptions<CancellationOptions> Options { get; }

    internal INamedTypeSymbol CancellationToken { get; }

    internal INamedTypeSymbol? TokenSource { get; }

    internal INamedTypeSymbol? Task { get; }

    internal INamedTypeSymbol? TaskOfT { get; }

    internal INamedTypeSymbol? ValueTask { get; }

    internal INamedTypeSymbol? ValueTaskOfT { get; }

    internal INamedTypeSymbol? AsyncEnumerable { get; }

    internal INamedTypeSymbol? TaskFactory { get; }

    internal INamedTypeSymbol? HttpContext { get; }

    internal INamedTypeSymbol? HttpRequest { get; }

    internal INamedTypeSymbol? HttpResponse { get; }

    internal INamedTypeSymbol? HttpContextAccessor { get; }

    internal INamedTypeSymbol? ServerCallContext { get; }

    internal INamedTypeSymbol? ControllerBase { get; }

    internal INamedTypeSymbol? PageModel { get; }

    internal INamedTypeSymbol? OperationCanceledException { get; }

    internal INamedTypeSymbol? BackgroundService { get; }

    internal INamedTypeSymbol? HostedService { get; }

    internal INamedTypeSymbol? Obsolete { get; }

    /// <summary>The context for a compilation, or null in a test project or when there is no <c>CancellationToken</c>.</summary>
    internal static CancellationContext? Create(Compilation compilation, AnalyzerOptions options)
    {
        INamedTypeSymbol? token = WellKnownTypes.Get(compilation, "System.Threading.CancellationToken");
        if (token is null)
        {
            return null;
        }

        RequestPathModel? model = RequestPathModel.Create(compilation, options);
        return model is null ? null : new CancellationContext(compilation, options, model, token);
    }

    internal bool IsToken(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);

    internal bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    internal static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        int guard = 0;
        for (ITypeSymbol? current = type; current is not null && guard++ < 64; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt; or IAsyncEnumerable&lt;T&gt;: the results of work that can be cancelled.</summary>
    internal bool IsAsyncResult(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        INamedTypeSymbol original = named.OriginalDefinition;
        return Is(original, Task) || Is(original, TaskOfT) || Is(original, ValueTask) || Is(original, ValueTaskOfT) || Is(original, AsyncEnumerable);
    }

    /// <summary>Task-like results only (not IAsyncEnumerable).</summary>
    internal bool IsTaskLike(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        INamedTypeSymbol original = named.OriginalDefinition;
        return Is(original, Task) || Is(original, TaskOfT) || Is(original, ValueTask) || Is(original, ValueTaskOfT);
    }

    /// <summary>
    /// Code the ND3 rules never judge: start-up code (outside the handlers it registers), disposal methods,
    /// <c>IHostedService.StopAsync</c>, and <c>catch</c> / <c>finally</c> blocks (clean-up and compensation that must
    /// run even when the request has gone).
    /// </summary>
    internal bool IsExempt(IOperation operation, ISymbol? owningSymbol)
    {
        if (owningSymbol is IMethodSymbol method)
        {
            if (method.Name is "Dispose" or "DisposeAsync" or "DisposeAsyncCore" || method.MethodKind is MethodKind.Destructor)
            {
                return true;
            }

            if (method.Name == "StopAsync" && method.Parameters.Length == 1 && method.ContainingType is { } type && HostedService is not null
                && type.AllInterfaces.Contains(HostedService, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        for (IOperation? current = operation; current is not null; current = current.Parent)
        {
            IOperation? parent = current.Parent;
            if (parent is ITryOperation tryOperation && ReferenceEquals(tryOperation.Finally, current))
            {
                return true;
            }

            if (current is ICatchClauseOperation)
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation function && Model.EntryPoints.ForAnonymousFunction(function) is not null)
            {
                // A handler registered from start-up code runs per request.
                return false;
            }
        }

        return RequestPathModel.IsStartupCode(owningSymbol);
    }
}
