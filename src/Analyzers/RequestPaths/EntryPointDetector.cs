using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.RequestPaths;

/// <summary>
/// Decides which methods and delegates start a request path, and names them for messages. Built once per
/// compilation; every check is local to one symbol or one invocation, so it can be used while typing.
/// </summary>
internal sealed class EntryPointDetector
{
    private static readonly string[] CallbackInterfaceNames =
    {
        // Message consumers whose shape is recognisable.
        "MediatR.IRequestHandler`2", "MediatR.IRequestHandler`1", "MediatR.INotificationHandler`1", "MediatR.IStreamRequestHandler`2",
        "MassTransit.IConsumer`1", "NServiceBus.IHandleMessages`1", "Rebus.Handlers.IHandleMessages`1", "Quartz.IJob",
    };

    private static readonly string[] FrameworkCallbackInterfaceNames =
    {
        // Per-request framework callbacks: filters, endpoint filters, exception handlers, health checks.
        "Microsoft.AspNetCore.Mvc.Filters.IActionFilter", "Microsoft.AspNetCore.Mvc.Filters.IAsyncActionFilter",
        "Microsoft.AspNetCore.Mvc.Filters.IResourceFilter", "Microsoft.AspNetCore.Mvc.Filters.IAsyncResourceFilter",
        "Microsoft.AspNetCore.Mvc.Filters.IAuthorizationFilter", "Microsoft.AspNetCore.Mvc.Filters.IAsyncAuthorizationFilter",
        "Microsoft.AspNetCore.Mvc.Filters.IExceptionFilter", "Microsoft.AspNetCore.Mvc.Filters.IAsyncExceptionFilter",
        "Microsoft.AspNetCore.Mvc.Filters.IResultFilter", "Microsoft.AspNetCore.Mvc.Filters.IAsyncResultFilter",
        "Microsoft.AspNetCore.Http.IEndpointFilter", "Microsoft.AspNetCore.Diagnostics.IExceptionHandler",
        "Microsoft.AspNetCore.Authorization.IAuthorizationHandler", "Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder",
        "Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck",
    };

    private static readonly string[] FrameworkCallbackBaseNames =
    {
        "Microsoft.AspNetCore.Authorization.AuthorizationHandler`1", "Microsoft.AspNetCore.Authorization.AuthorizationHandler`2",
        "Microsoft.AspNetCore.Authentication.AuthenticationHandler`1",
    };

    private static readonly string[] FunctionAttributeNames =
    {
        "Microsoft.Azure.Functions.Worker.FunctionAttribute", "Microsoft.Azure.WebJobs.FunctionNameAttribute",
    };

    private static readonly HashSet<string> MapHandlerMethods = new(StringComparer.Ordinal)
    {
        "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "Map", "MapFallback",
    };

    private static readonly HashSet<string> MiddlewareDelegateMethods = new(StringComparer.Ordinal)
    {
        "Use", "Run", "UseWhen", "MapWhen", "Map",
    };

    /// <summary>Every name <see cref="ForInvocation"/> looks at, for a one-look-up test on every call of a program.</summary>
    private static readonly HashSet<string> RegistrationMethods = new(MapHandlerMethods.Concat(MiddlewareDelegateMethods).Append("AddEndpointFilter"), StringComparer.Ordinal);

    /// <summary>
    /// One detector per compilation, shared by every analyzer that asks (ND1, ND3): its per-method answers are
    /// memoised, so a method is classified once however many analyzers ask. The table holds no compilation alive.
    /// </summary>
    private static readonly ConditionalWeakTable<Compilation, EntryPointDetector> Shared = new();

    private readonly NoDowntimeOptions<RequestPathOptions> options;
    private readonly AnalyzerConfigOptionsProvider? optionsProvider;
    private readonly Memo<IMethodSymbol, EntryPoint?> byMethod;
    private readonly RecentFirstMemo<INamedTypeSymbol, TypeRoles> roles;
    private readonly INamedTypeSymbol? controllerBase;
    private readonly INamedTypeSymbol? apiControllerAttribute;
    private readonly INamedTypeSymbol? controllerAttribute;
    private readonly INamedTypeSymbol? nonActionAttribute;
    private readonly INamedTypeSymbol? nonControllerAttribute;
    private readonly INamedTypeSymbol? pageModel;
    private readonly INamedTypeSymbol? page;
    private readonly INamedTypeSymbol? httpContext;
    private readonly INamedTypeSymbol? requestDelegate;
    private readonly INamedTypeSymbol? middlewareInterface;
    private readonly INamedTypeSymbol? hub;
    private readonly INamedTypeSymbol? hubOfT;
    private readonly INamedTypeSymbol? serverCallContext;
    private readonly INamedTypeSymbol? backgroundService;
    private readonly INamedTypeSymbol? hostedService;
    private readonly INamedTypeSymbol? httpMethodAttribute;
    private readonly INamedTypeSymbol? acceptVerbsAttribute;
    private readonly INamedTypeSymbol? routeAttribute;
    private readonly INamedTypeSymbol? systemDelegate;
    private readonly LazyTypeSet messageInterfaces;
    private readonly LazyTypeSet callbackInterfaces;
    private readonly LazyTypeSet callbackBases;
    private readonly ImmutableHashSet<INamedTypeSymbol> functionAttributes;

    internal EntryPointDetector(Compilation compilation, NoDowntimeOptions<RequestPathOptions> options)
        : this(compilation, options, null)
    {
    }

    private EntryPointDetector(Compilation compilation, NoDowntimeOptions<RequestPathOptions> options, AnalyzerConfigOptionsProvider? optionsProvider)
    {
        this.options = options;
        this.optionsProvider = optionsProvider;
        byMethod = Memo.ForSymbols<IMethodSymbol, EntryPoint?>(ForMethodUncached);
        roles = new RecentFirstMemo<INamedTypeSymbol, TypeRoles>(Memo.ForSymbols<INamedTypeSymbol, TypeRoles>(RolesOfUncached));
        controllerBase = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerBase");
        apiControllerAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        controllerAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerAttribute");
        nonActionAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.NonActionAttribute");
        nonControllerAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.NonControllerAttribute");
        pageModel = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        page = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.RazorPages.Page");
        httpContext = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.HttpContext");
        requestDelegate = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.RequestDelegate");
        middlewareInterface = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.IMiddleware");
        hub = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.SignalR.Hub");
        hubOfT = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.SignalR.Hub`1");
        serverCallContext = WellKnownTypes.Get(compilation, "Grpc.Core.ServerCallContext");
        backgroundService = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.BackgroundService");
        hostedService = WellKnownTypes.Get(compilation, "Microsoft.Extensions.Hosting.IHostedService");
        httpMethodAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute");
        acceptVerbsAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.AcceptVerbsAttribute");
        routeAttribute = WellKnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.RouteAttribute");
        systemDelegate = WellKnownTypes.Get(compilation, "System.Delegate");
        messageInterfaces = new LazyTypeSet(compilation, CallbackInterfaceNames);
        callbackInterfaces = new LazyTypeSet(compilation, FrameworkCallbackInterfaceNames);
        callbackBases = new LazyTypeSet(compilation, FrameworkCallbackBaseNames);
        functionAttributes = Resolve(compilation, FunctionAttributeNames);
    }

    internal INamedTypeSymbol? HttpContextType => httpContext;

    internal NoDowntimeOptions<RequestPathOptions> Options => options;

    /// <summary>The detector of a compilation, created on first use and shared by every analyzer with the same options.</summary>
    internal static EntryPointDetector For(Compilation compilation, AnalyzerOptions options)
    {
        AnalyzerConfigOptionsProvider provider = options.AnalyzerConfigOptionsProvider;
        EntryPointDetector shared = Shared.GetValue(
            compilation,
            c => new EntryPointDetector(c, new NoDowntimeOptions<RequestPathOptions>(options, RequestPathOptions.Parse), provider));
        return ReferenceEquals(shared.optionsProvider, provider)
            ? shared
            : new EntryPointDetector(compilation, new NoDowntimeOptions<RequestPathOptions>(options, RequestPathOptions.Parse), provider);
    }

    /// <summary>The entry point a method is by its own declaration (not minimal API method groups: see the model).</summary>
    internal EntryPoint? ForMethod(IMethodSymbol? method)
    {
        if (method is null || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation) || method.IsAbstract)
        {
            return null;
        }

        return byMethod.Get(method);
    }

    /// <summary>
    /// <see cref="ForMethod"/> for a caller that asks once per method (the method symbol action): not memoised, so
    /// the memo holds only what is asked again (the owners of candidate calls), not every method of the program.
    /// </summary>
    internal EntryPoint? ForMethodAskedOnce(IMethodSymbol method) => ForMethodUncached(method);

    private EntryPoint? ForMethodUncached(IMethodSymbol method)
    {
        try
        {
            return ForMethodCore(method);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private EntryPoint? ForMethodCore(IMethodSymbol method)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation) || method.IsAbstract)
        {
            return null;
        }

        INamedTypeSymbol? type = method.ContainingType;
        if (type is null || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return null;
        }

        if (!functionAttributes.IsEmpty && HasAnyAttribute(method, functionAttributes))
        {
            return new EntryPoint(EntryPointKind.MessageHandler, "function " + MethodName(method));
        }

        RequestPathOptions configured = OptionsFor(method);
        if (!configured.IsEmpty && IsConfiguredEntry(method, type, configured))
        {
            return new EntryPoint(EntryPointKind.Configured, MethodName(method));
        }

        if (method.IsStatic)
        {
            return null;
        }

        bool isPublic = method.DeclaredAccessibility == Accessibility.Public && method.MethodKind == MethodKind.Ordinary;
        TypeRoles typeRoles = RolesOf(type);

        if (isPublic && (typeRoles & TypeRoles.Controller) != 0)
        {
            if (method.IsGenericMethod || IsObjectOrDisposeMethod(method) || HasAttribute(method, nonActionAttribute))
            {
                return null;
            }

            return new EntryPoint(EntryPointKind.ControllerAction, () => ActionDisplayName(method, type));
        }

        if (isPublic && (typeRoles & TypeRoles.Page) != 0 && IsPageHandlerName(method.Name))
        {
            return new EntryPoint(EntryPointKind.RazorPageHandler, MethodName(method));
        }

        if (isPublic && (typeRoles & TypeRoles.Hub) != 0 && !IsObjectOrDisposeMethod(method))
        {
            return new EntryPoint(EntryPointKind.SignalRHubMethod, "hub " + MethodName(method));
        }

        if (serverCallContext is not null && (isPublic || method.IsOverride) && HasParameterOfType(method, serverCallContext))
        {
            return new EntryPoint(EntryPointKind.GrpcServiceMethod, "gRPC " + MethodName(method));
        }

        if (httpContext is not null && method.Name is "Invoke" or "InvokeAsync" && method.Parameters.Length > 0
            && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, httpContext)
            && (isPublic || Implements(method, type, middlewareInterface)))
        {
            return new EntryPoint(EntryPointKind.Middleware, "middleware " + MiddlewareName(type));
        }

        if (backgroundService is not null && method.Name == "ExecuteAsync" && method.IsOverride && OverridesFrom(method, backgroundService))
        {
            return new EntryPoint(EntryPointKind.BackgroundService, MethodName(method));
        }

        if (method.Name is "StartAsync" or "StopAsync" && method.Parameters.Length == 1 && (typeRoles & TypeRoles.HostedService) != 0)
        {
            return new EntryPoint(EntryPointKind.HostedService, MethodName(method));
        }

        if ((typeRoles & TypeRoles.MessageHandler) != 0 && ImplementsAny(method, type, messageInterfaces))
        {
            return new EntryPoint(EntryPointKind.MessageHandler, MethodName(method));
        }

        if ((typeRoles & TypeRoles.FrameworkCallback) != 0 && ImplementsAny(method, type, callbackInterfaces))
        {
            return new EntryPoint(EntryPointKind.FrameworkCallback, MethodName(method));
        }

        if (!callbackBases.IsEmpty && method.IsOverride && OverridesFromAny(method, callbackBases))
        {
            return new EntryPoint(EntryPointKind.FrameworkCallback, MethodName(method));
        }

        return null;
    }

    /// <summary>
    /// Delegates that an invocation registers as entry points: minimal API handlers given to <c>Map*</c> (also on
    /// route groups) and inline middleware given to <c>app.Use</c> / <c>app.Run</c> / <c>UseWhen</c> that takes an
    /// <c>HttpContext</c>. Each result is the delegate's target: a lambda, or a method / local function reference.
    /// </summary>
    internal void ForInvocation(IInvocationOperation invocation, List<(IOperation Target, EntryPoint Entry)> results)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name == "AddEndpointFilter")
        {
            ForEndpointFilter(invocation, results);
            return;
        }

        bool isMap = MapHandlerMethods.Contains(method.Name);
        if (!isMap && !MiddlewareDelegateMethods.Contains(method.Name))
        {
            return;
        }

        if (!IsAspNetCoreMember(method))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            IOperation? target = DelegateTarget(argument.Value);
            if (target is null || argument.Parameter is null)
            {
                continue;
            }

            ITypeSymbol parameterType = argument.Parameter.Type;
            bool handlerParameter = SymbolEqualityComparer.Default.Equals(parameterType, systemDelegate)
                || SymbolEqualityComparer.Default.Equals(parameterType, requestDelegate);
            if (isMap && handlerParameter)
            {
                results.Add((target, new EntryPoint(EntryPointKind.MinimalApiHandler, () => RouteDisplayName(invocation, method.Name))));
            }
            else if (TakesHttpContext(parameterType))
            {
                results.Add((target, new EntryPoint(EntryPointKind.Middleware, () => "middleware at " + Where(target.Syntax))));
            }
        }
    }

    /// <summary>
    /// The delegate given to <c>AddEndpointFilter</c> runs on every request to the endpoint, like an
    /// <c>IEndpointFilter</c> class (whose <c>AddEndpointFilter&lt;T&gt;()</c> form passes no delegate).
    /// </summary>
    private void ForEndpointFilter(IInvocationOperation invocation, List<(IOperation Target, EntryPoint Entry)> results)
    {
        if (!IsAspNetCoreMember(invocation.TargetMethod))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate } && DelegateTarget(argument.Value) is { } target)
            {
                results.Add((target, new EntryPoint(EntryPointKind.FrameworkCallback, () => "endpoint filter at " + Where(target.Syntax))));
            }
        }
    }

    /// <summary>
    /// A cheap name test before <see cref="ForInvocation"/>: only <c>Map*</c>, <c>Use</c>, <c>Run</c>, <c>UseWhen</c>,
    /// <c>MapWhen</c> and <c>AddEndpointFilter</c> calls can register handlers, middleware or filters.
    /// </summary>
    internal static bool MayRegisterDelegates(IMethodSymbol method) => RegistrationMethods.Contains(method.Name);

    /// <summary>A name test: <c>MapGet</c>, <c>MapPost</c>, ... <c>MapFallback</c>, the calls that take minimal API handlers.</summary>
    internal static bool IsMapHandlerMethod(string name) => MapHandlerMethods.Contains(name);

    /// <summary>The entry point a lambda is: a minimal API handler or inline middleware, or any <c>RequestDelegate</c>.</summary>
    internal EntryPoint? ForAnonymousFunction(IAnonymousFunctionOperation function)
    {
        IOperation? current = function.Parent;
        if (current is IDelegateCreationOperation creation)
        {
            if (requestDelegate is not null && SymbolEqualityComparer.Default.Equals(creation.Type, requestDelegate)
                && !IsArgumentOfKnownInvocation(creation))
            {
                return new EntryPoint(EntryPointKind.Middleware, () => "middleware at " + Where(function.Syntax));
            }

            current = creation.Parent;
        }

        while (current is IConversionOperation)
        {
            current = current.Parent;
        }

        // Most lambdas are arguments of LINQ and other calls that register nothing: a name test first.
        if (current is IArgumentOperation { Parent: IInvocationOperation invocation } && MayRegisterDelegates(invocation.TargetMethod))
        {
            var results = new List<(IOperation Target, EntryPoint Entry)>(1);
            ForInvocation(invocation, results);
            foreach (var (target, entry) in results)
            {
                if (ReferenceEquals(target, function) || target.Syntax == function.Syntax)
                {
                    return entry;
                }
            }
        }

        return null;
    }

    /// <summary>A lambda converted to <c>RequestDelegate</c> outside a <c>Map*</c>/<c>Use</c> call (for example <c>next =&gt; context =&gt; ...</c>).</summary>
    internal bool IsRequestDelegate(IDelegateCreationOperation creation) =>
        requestDelegate is not null && SymbolEqualityComparer.Default.Equals(creation.Type, requestDelegate);

    private bool IsArgumentOfKnownInvocation(IOperation creation)
    {
        IOperation? current = creation.Parent;
        while (current is IConversionOperation)
        {
            current = current.Parent;
        }

        return current is IArgumentOperation { Parent: IInvocationOperation invocation }
            && (MapHandlerMethods.Contains(invocation.TargetMethod.Name) || MiddlewareDelegateMethods.Contains(invocation.TargetMethod.Name))
            && IsAspNetCoreMember(invocation.TargetMethod);
    }

    internal static IOperation? DelegateTarget(IOperation? value)
    {
        for (int depth = 0; value is not null && depth < 8; depth++)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    break;
                case IDelegateCreationOperation creation:
                    value = creation.Target;
                    break;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    break;
                case IAnonymousFunctionOperation:
                case IMethodReferenceOperation:
                    return value;
                default:
                    return null;
            }
        }

        return null;
    }

    private bool TakesHttpContext(ITypeSymbol type)
    {
        if (httpContext is null || type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke })
        {
            return false;
        }

        foreach (IParameterSymbol parameter in invoke.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, httpContext))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAspNetCoreMember(IMethodSymbol method) => Namespaces.IsWithin(method.ContainingType?.ContainingNamespace, "Microsoft.AspNetCore");

    // ---- display names ----------------------------------------------------------------------------------

    internal static string MethodName(IMethodSymbol method)
    {
        string typeName = method.ContainingType?.Name ?? string.Empty;
        switch (method.MethodKind)
        {
            case MethodKind.Constructor:
                return "new " + typeName;
            case MethodKind.PropertyGet:
            case MethodKind.PropertySet:
                return typeName + "." + (method.AssociatedSymbol?.Name ?? method.Name);
            case MethodKind.ExplicitInterfaceImplementation:
                string name = method.Name;
                int dot = name.LastIndexOf('.');
                return typeName + "." + (dot >= 0 ? name.Substring(dot + 1) : name);
            default:
                return typeName.Length == 0 ? method.Name : typeName + "." + method.Name;
        }
    }

    private static string MiddlewareName(INamedTypeSymbol type)
    {
        const string Suffix = "Middleware";
        string name = type.Name;
        return name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.Ordinal) ? name.Substring(0, name.Length - Suffix.Length) : name;
    }

    private static string Where(SyntaxNode syntax)
    {
        var span = syntax.GetLocation().GetLineSpan();
        string file = System.IO.Path.GetFileName(span.Path ?? string.Empty);
        return file + ":" + (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture);
    }

    private string ActionDisplayName(IMethodSymbol method, INamedTypeSymbol type)
    {
        string? verb = null;
        string? actionTemplate = null;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            INamedTypeSymbol? attributeClass = attribute.AttributeClass;
            if (attributeClass is null)
            {
                continue;
            }

            if (httpMethodAttribute is not null && InheritsFrom(attributeClass, httpMethodAttribute))
            {
                if (SymbolEqualityComparer.Default.Equals(attributeClass, acceptVerbsAttribute))
                {
                    verb = string.Join(",", attribute.ConstructorArguments.SelectMany(Strings).Select(v => v.ToUpperInvariant()));
                    actionTemplate ??= NamedString(attribute, "Route");
                }
                else
                {
                    string name = attributeClass.Name;
                    if (name.StartsWith("Http", StringComparison.Ordinal) && name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > 13)
                    {
                        verb = name.Substring(4, name.Length - 13).ToUpperInvariant();
                    }

                    actionTemplate ??= attribute.ConstructorArguments.SelectMany(Strings).FirstOrDefault();
                }
            }
            else if (routeAttribute is not null && SymbolEqualityComparer.Default.Equals(attributeClass, routeAttribute))
            {
                actionTemplate ??= attribute.ConstructorArguments.SelectMany(Strings).FirstOrDefault();
            }
        }

        if (string.IsNullOrEmpty(verb))
        {
            return MethodName(method);
        }

        string? controllerTemplate = null;
        for (INamedTypeSymbol? current = type; current is not null && controllerTemplate is null; current = current.BaseType)
        {
            foreach (AttributeData attribute in current.GetAttributes())
            {
                if (routeAttribute is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, routeAttribute))
                {
                    controllerTemplate = attribute.ConstructorArguments.SelectMany(Strings).FirstOrDefault();
                    break;
                }
            }
        }

        string route;
        if (actionTemplate is not null && (actionTemplate.StartsWith("/", StringComparison.Ordinal) || actionTemplate.StartsWith("~/", StringComparison.Ordinal)))
        {
            route = CombineRoutes(null, actionTemplate.TrimStart('~'));
        }
        else
        {
            route = CombineRoutes(controllerTemplate, actionTemplate);
        }

        string controllerName = type.Name.EndsWith("Controller", StringComparison.Ordinal) && type.Name.Length > 10
            ? type.Name.Substring(0, type.Name.Length - 10)
            : type.Name;
        string actionName = method.Name.EndsWith("Async", StringComparison.Ordinal) && method.Name.Length > 5
            ? method.Name.Substring(0, method.Name.Length - 5)
            : method.Name;
        route = route.Replace("[controller]", controllerName).Replace("[action]", actionName);
        return verb + " " + route;
    }

    private string RouteDisplayName(IInvocationOperation invocation, string methodName)
    {
        string? pattern = null;
        string? verbs = null;
        IOperation? builder = null;
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            string? parameterName = argument.Parameter?.Name;
            if (argument.Parameter is { Ordinal: 0 } && invocation.TargetMethod.IsExtensionMethod)
            {
                builder = argument.Value;
            }
            else if (parameterName == "pattern")
            {
                pattern = ConstantString(argument.Value);
            }
            else if (parameterName == "httpMethods")
            {
                verbs = string.Join(",", ConstantStrings(argument.Value).Select(v => v.ToUpperInvariant()));
            }
        }

        builder ??= invocation.Instance;
        string prefix = GroupPrefix(builder, 0);
        string route = CombineRoutes(prefix, pattern);
        switch (methodName)
        {
            case "MapGet": return "GET " + route;
            case "MapPost": return "POST " + route;
            case "MapPut": return "PUT " + route;
            case "MapDelete": return "DELETE " + route;
            case "MapPatch": return "PATCH " + route;
            case "MapMethods": return (string.IsNullOrEmpty(verbs) ? "ANY" : verbs) + " " + route;
            case "MapFallback": return "fallback " + route;
            default: return route;
        }
    }

    private static string GroupPrefix(IOperation? builder, int depth)
    {
        if (builder is null || depth > 8)
        {
            return string.Empty;
        }

        while (builder is IConversionOperation conversion)
        {
            builder = conversion.Operand;
        }

        if (builder is IInvocationOperation { TargetMethod.Name: "MapGroup" } group)
        {
            IOperation? inner = group.Instance;
            string? prefix = null;
            foreach (IArgumentOperation argument in group.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0 } && group.TargetMethod.IsExtensionMethod)
                {
                    inner = argument.Value;
                }
                else if (argument.Parameter?.Name == "prefix")
                {
                    prefix = ConstantString(argument.Value);
                }
            }

            return CombineRoutes(GroupPrefix(inner, depth + 1), prefix).TrimEnd('/');
        }

        if (builder is IInvocationOperation fluent && fluent.TargetMethod.IsExtensionMethod && fluent.Arguments.Length > 0
            && fluent.TargetMethod.ReturnType is { } returnType && fluent.Arguments[0].Value.Type is { } receiverType
            && SymbolEqualityComparer.Default.Equals(returnType, receiverType))
        {
            // group.RequireAuthorization().WithTags(...) return the same group.
            return GroupPrefix(fluent.Arguments[0].Value, depth + 1);
        }

        if (builder is ILocalReferenceOperation local && builder.SemanticModel is { } model)
        {
            foreach (SyntaxReference reference in local.Local.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == model.SyntaxTree
                    && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value }
                    && model.GetOperation(value) is { } initializer)
                {
                    return GroupPrefix(initializer, depth + 1);
                }
            }
        }

        return string.Empty;
    }

    private static string CombineRoutes(string? prefix, string? pattern)
    {
        var builder = new StringBuilder();
        foreach (string? part in new[] { prefix, pattern })
        {
            if (string.IsNullOrEmpty(part))
            {
                continue;
            }

            string trimmed = part!.Trim('/');
            if (trimmed.Length > 0)
            {
                builder.Append('/').Append(trimmed);
            }
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    private static string? ConstantString(IOperation value) =>
        value.ConstantValue is { HasValue: true, Value: string text } ? text : null;

    private static IEnumerable<string> ConstantStrings(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues.Select(ConstantString).Where(s => s is not null).Select(s => s!);
        }

        return ConstantString(value) is { } single ? new[] { single } : Array.Empty<string>();
    }

    private static IEnumerable<string> Strings(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Array)
        {
            if (!constant.IsNull)
            {
                foreach (TypedConstant item in constant.Values)
                {
                    if (item.Value is string text)
                    {
                        yield return text;
                    }
                }
            }
        }
        else if (constant.Value is string text)
        {
            yield return text;
        }
    }

    private static string? NamedString(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is string text)
            {
                return text;
            }
        }

        return null;
    }

    // ---- shapes -----------------------------------------------------------------------------------------

    /// <summary>What a type's methods may be entry points of, decided once per type instead of for each of its methods.</summary>
    private TypeRoles RolesOf(INamedTypeSymbol type) => roles.Get(type.OriginalDefinition);

    private TypeRoles RolesOfUncached(INamedTypeSymbol type)
    {
        TypeRoles found = IsControllerCore(type) ? TypeRoles.Controller : TypeRoles.None;
        if (InheritsFrom(type, pageModel) || InheritsFrom(type, page))
        {
            found |= TypeRoles.Page;
        }

        if (InheritsFrom(type, hub) || InheritsFrom(type, hubOfT))
        {
            found |= TypeRoles.Hub;
        }

        ImmutableArray<INamedTypeSymbol> interfaces = type.AllInterfaces;
        if (interfaces.IsEmpty)
        {
            return found;
        }

        if (hostedService is not null && interfaces.Contains(hostedService, SymbolEqualityComparer.Default))
        {
            found |= TypeRoles.HostedService;
        }

        ImmutableHashSet<INamedTypeSymbol> messages = messageInterfaces;
        ImmutableHashSet<INamedTypeSymbol> callbacks = callbackInterfaces;
        foreach (INamedTypeSymbol implemented in interfaces)
        {
            if (messages.Contains(implemented.OriginalDefinition))
            {
                found |= TypeRoles.MessageHandler;
            }

            if (callbacks.Contains(implemented.OriginalDefinition))
            {
                found |= TypeRoles.FrameworkCallback;
            }
        }

        return found;
    }

    private bool IsControllerCore(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic)
        {
            return false;
        }

        bool marked = false;
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (controllerBase is not null && SymbolEqualityComparer.Default.Equals(current, controllerBase))
            {
                marked = true;
            }

            foreach (AttributeData attribute in current.GetAttributes())
            {
                INamedTypeSymbol? attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                {
                    continue;
                }

                if (nonControllerAttribute is not null && SymbolEqualityComparer.Default.Equals(attributeClass, nonControllerAttribute))
                {
                    return false;
                }

                if ((apiControllerAttribute is not null && InheritsFrom(attributeClass, apiControllerAttribute))
                    || (controllerAttribute is not null && InheritsFrom(attributeClass, controllerAttribute)))
                {
                    marked = true;
                }
            }
        }

        return marked && !InheritsFrom(type, pageModel) && !InheritsFrom(type, page);
    }

    private static bool IsPageHandlerName(string name)
    {
        if (!name.StartsWith("On", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (string verb in new[] { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" })
        {
            if (string.CompareOrdinal(name, 2, verb, 0, verb.Length) == 0)
            {
                int end = 2 + verb.Length;
                return name.Length == end || char.IsUpper(name[end]);
            }
        }

        return false;
    }

    private static bool IsObjectOrDisposeMethod(IMethodSymbol method)
    {
        if (method.Name is "Dispose" or "DisposeAsync" && method.Parameters.Length == 0)
        {
            return true;
        }

        for (IMethodSymbol? current = method; current is not null; current = current.OverriddenMethod)
        {
            if (current.ContainingType?.SpecialType == SpecialType.System_Object)
            {
                return true;
            }
        }

        return false;
    }

    private static bool OverridesFrom(IMethodSymbol method, INamedTypeSymbol baseType)
    {
        for (IMethodSymbol? current = method.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.ContainingType?.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool OverridesFromAny(IMethodSymbol method, ImmutableHashSet<INamedTypeSymbol> baseTypes)
    {
        for (IMethodSymbol? current = method.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            if (current.ContainingType is { } containing && baseTypes.Contains(containing.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(IMethodSymbol method, INamedTypeSymbol type, INamedTypeSymbol? interfaceType)
    {
        if (interfaceType is null)
        {
            return false;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, interfaceType) && ImplementsMemberOf(method, type, implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsAny(IMethodSymbol method, INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> interfaces)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (interfaces.Contains(implemented.OriginalDefinition) && ImplementsMemberOf(method, type, implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsMemberOf(IMethodSymbol method, INamedTypeSymbol type, INamedTypeSymbol implemented)
    {
        foreach (ISymbol member in implemented.GetMembers())
        {
            if (member is IMethodSymbol && (method.MethodKind == MethodKind.ExplicitInterfaceImplementation || member.Name == method.Name)
                && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasParameterOfType(IMethodSymbol method, INamedTypeSymbol type)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, type))
            {
                return true;
            }
        }

        return false;
    }

    private RequestPathOptions OptionsFor(IMethodSymbol method)
    {
        foreach (Location location in method.Locations)
        {
            if (location.SourceTree is { } tree)
            {
                return options.For(tree);
            }
        }

        return options.ForCompilation();
    }

    private static bool IsConfiguredEntry(IMethodSymbol method, INamedTypeSymbol type, RequestPathOptions configured)
    {
        if (!configured.ExtraEntryAttributes.IsEmpty)
        {
            if (method.GetAttributes().Any(a => a.AttributeClass is { } c && NameMatches(c, configured.ExtraEntryAttributes, "Attribute")))
            {
                return true;
            }

            if (method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic && method.MethodKind == MethodKind.Ordinary
                && type.GetAttributes().Any(a => a.AttributeClass is { } c && NameMatches(c, configured.ExtraEntryAttributes, "Attribute")))
            {
                return true;
            }
        }

        if (!configured.ExtraEntryBaseTypes.IsEmpty && !method.IsStatic
            && (method.DeclaredAccessibility == Accessibility.Public || method.MethodKind == MethodKind.ExplicitInterfaceImplementation || method.IsOverride)
            && !IsObjectOrDisposeMethod(method))
        {
            for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (NameMatches(current, configured.ExtraEntryBaseTypes, null))
                {
                    return true;
                }
            }

            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (NameMatches(implemented, configured.ExtraEntryBaseTypes, null))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool NameMatches(INamedTypeSymbol type, ImmutableArray<string> names, string? optionalSuffix)
    {
        string simple = type.Name;
        string full = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + simple : simple;
        foreach (string name in names)
        {
            if (name == simple || name == full)
            {
                return true;
            }

            if (optionalSuffix is not null && (name + optionalSuffix == simple || name + optionalSuffix == full))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && InheritsFrom(c, attributeType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAnyAttribute(ISymbol symbol, ImmutableHashSet<INamedTypeSymbol> attributeTypes)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && attributeTypes.Contains(c))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool InheritsFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableHashSet<INamedTypeSymbol> Resolve(Compilation compilation, string[] names)
    {
        var builder = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (string name in names)
        {
            if (WellKnownTypes.Get(compilation, name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// A set of types resolved on first use (each look-up by metadata name scans every reference): controller
    /// actions and most other methods are decided before the checks that read it.
    /// </summary>
    private sealed class LazyTypeSet
    {
        private readonly Lazy<ImmutableHashSet<INamedTypeSymbol>> types;

        internal LazyTypeSet(Compilation compilation, string[] names) =>
            types = new Lazy<ImmutableHashSet<INamedTypeSymbol>>(() => Resolve(compilation, names), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        internal bool IsEmpty => types.Value.IsEmpty;

        public static implicit operator ImmutableHashSet<INamedTypeSymbol>(LazyTypeSet set) => set.types.Value;
    }

    [Flags]
    private enum TypeRoles
    {
        None = 0,
        Controller = 1,
        Page = 2,
        Hub = 4,
        HostedService = 8,
        MessageHandler = 16,
        FrameworkCallback = 32,
    }
}
