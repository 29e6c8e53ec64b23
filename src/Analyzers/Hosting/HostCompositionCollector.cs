using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// Feeds the <see cref="HostComposition"/> of one compilation: each callback looks at one operation or symbol,
/// records what it composes, and never looks further than that operation's own arguments and receiver chain.
/// </summary>
internal sealed class HostCompositionCollector
{
    private const string ShutdownTimeoutSettingKey = "shutdownTimeoutSeconds";
    private const int MaxReceiverChain = 64;

    private readonly HostApiTable api;
    private readonly NoDowntimeOptions<HostingOptions> options;

    private readonly IAssemblySymbol assembly;

    internal HostCompositionCollector(HostApiTable api, NoDowntimeOptions<HostingOptions> options, IAssemblySymbol assembly)
    {
        this.api = api;
        this.options = options;
        this.assembly = assembly;
    }

    internal HostComposition Model { get; } = new();

    internal void AnalyzeInvocation(OperationAnalysisContext context)
    {
        if (context.Operation is not IInvocationOperation invocation)
        {
            return;
        }

        IMethodSymbol method = invocation.TargetMethod;
        ISymbol? owner = context.ContainingSymbol;
        AddCall(owner, method);
        SyntaxTree tree = invocation.Syntax.SyntaxTree;
        HostingOptions treeOptions = options.For(tree);
        if (treeOptions.PlatformMethods.Count > 0 && treeOptions.PlatformMethods.Contains(method.Name))
        {
            Model.Saw(HostFlag.PlatformMethod, owner);
        }

        HostApi kind = api.Classify(method);
        if (kind == HostApi.None)
        {
            AnalyzeOtherInvocation(context, invocation, treeOptions);
            return;
        }

        Location location = invocation.Syntax.GetLocation();
        switch (kind)
        {
            case HostApi.WebApplicationBuild:
                Model.AddSite(new HostSite(location, HostSiteKind.WebApplicationBuild, context.ContainingSymbol, ImmutableArray<IMethodSymbol>.Empty, configuresWebHost: true));
                break;

            case HostApi.CreateWebApplication:
                Model.AddSite(new HostSite(location, HostSiteKind.WebApplicationCreate, context.ContainingSymbol, ImmutableArray<IMethodSymbol>.Empty, configuresWebHost: true));
                break;

            case HostApi.ConfigureWebHost:
                if (context.ContainingSymbol is { } member)
                {
                    Model.MemberConfiguresWebHost(member);
                }

                break;

            case HostApi.MapHealthChecks:
                AddHealthEndpoint(invocation, ConstantPath(Argument(invocation, "pattern")), ChecksKey(Argument(invocation, "options")), isCustom: false, owner);
                break;

            case HostApi.UseHealthChecks:
                AddHealthEndpoint(invocation, ConstantPath(Argument(invocation, "path")), ChecksKey(Argument(invocation, "options")), isCustom: false, owner);
                break;

            case HostApi.MapRoute:
                if (ConstantPath(Argument(invocation, "pattern")) is { } route && ProbePaths.IsProbe(route))
                {
                    AddHealthEndpoint(invocation, route, Model.NextOpaqueKey(), isCustom: true, owner);
                }

                break;

            case HostApi.WithRequestTimeout:
                Model.Saw(HostFlag.RequestTimeoutMetadata, owner);
                break;

            case HostApi.RequireRateLimiting:
                Model.Saw(HostFlag.RateLimitingMetadata, owner);
                break;

            case HostApi.UseShutdownTimeout:
                IOperation? timeout = Argument(invocation, "timeout");
                if (timeout is not null)
                {
                    CheckShutdownDuration(timeout, "The shutdown timeout set by UseShutdownTimeout", ConstantDuration.TimeSpanSeconds(timeout, api), clampable: true);
                }

                break;
        }

        Model.Saw(kind, owner);
    }

    internal void AnalyzeAssignment(OperationAnalysisContext context)
    {
        if (context.Operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
        {
            return;
        }

        IPropertySymbol property = target.Property;
        if (property.Name == "ShutdownTimeout" && Is(property.ContainingType, api.HostOptions))
        {
            CheckShutdownDuration(assignment.Value, "HostOptions.ShutdownTimeout", ConstantDuration.TimeSpanSeconds(assignment.Value, api), clampable: true);
        }
        else if (property.Name == "MaxConcurrentConnections" && Is(property.ContainingType, api.KestrelServerLimits)
            && !(assignment.Value.ConstantValue.HasValue && assignment.Value.ConstantValue.Value is null))
        {
            Model.Saw(HostFlag.ConnectionLimit, context.ContainingSymbol);
        }
    }

    internal void AnalyzePropertyReference(OperationAnalysisContext context)
    {
        if (context.Operation is IPropertyReferenceOperation { Property: { Name: "ApplicationStopping" } property }
            && Implements(property.ContainingType, api.HostApplicationLifetime))
        {
            Model.Saw(HostFlag.StoppingHook, context.ContainingSymbol);
        }
    }

    /// <summary>A method group (<c>ConfigureServices(AddDefaults)</c>): the referenced method is reached like a call.</summary>
    internal void AnalyzeMethodReference(OperationAnalysisContext context)
    {
        if (context.Operation is IMethodReferenceOperation reference)
        {
            AddCall(context.ContainingSymbol, reference.Method);
        }
    }

    /// <summary>Call edges lead only to members of this compilation (the only bodies looked into): others are dropped at once.</summary>
    private void AddCall(ISymbol? owner, IMethodSymbol method)
    {
        if (SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, assembly))
        {
            Model.AddCall(owner, method.ReducedFrom ?? method);
        }
    }

    internal void AnalyzeAnonymousFunction(OperationAnalysisContext context)
    {
        if (context.Operation is IAnonymousFunctionOperation function)
        {
            AnalyzeAttributes(function.Symbol, context.ContainingSymbol);
        }
    }

    internal void AnalyzeSymbol(SymbolAnalysisContext context)
    {
        AnalyzeAttributes(context.Symbol, context.Symbol);
        if (context.Symbol is INamedTypeSymbol type
            && (Implements(type, api.HostedLifecycleService) || Implements(type, api.HostLifetime)))
        {
            Model.Saw(HostFlag.StoppingHook, type);
        }
    }

    private void AnalyzeOtherInvocation(OperationAnalysisContext context, IInvocationOperation invocation, HostingOptions treeOptions)
    {
        IMethodSymbol method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Build" when method.Parameters.Length == 0 && !method.IsStatic:
                AnalyzeBuild(context, invocation);
                return;

            case "UseSetting" when method.Parameters.Length == 2 && Implements(method.ContainingType, api.WebHostBuilder):
                if (Argument(invocation, method.Parameters[0].Name)?.ConstantValue is { HasValue: true, Value: string key }
                    && string.Equals(key, ShutdownTimeoutSettingKey, StringComparison.OrdinalIgnoreCase)
                    && Argument(invocation, method.Parameters[1].Name) is { ConstantValue: { HasValue: true, Value: string text } } value
                    && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds))
                {
                    CheckShutdownDuration(value, "The 'shutdownTimeoutSeconds' host setting", seconds, clampable: false);
                }

                return;

            case "UseStartup":
                AddStartupCalls(context.ContainingSymbol, invocation);
                break;

            case "UseTestServer":
                Model.SawTestServer();
                return;

            case "MapGrpcHealthChecksService":
                // The gRPC health service (Grpc.AspNetCore.HealthChecks), which Kubernetes gRPC probes call.
                AddHealthEndpoint(invocation, path: null, Model.NextOpaqueKey(), isCustom: true, context.ContainingSymbol);
                return;

            case "Register" when invocation.Instance is IPropertyReferenceOperation { Property.Name: "ApplicationStopping" } stopping
                && Implements(stopping.Property.ContainingType, api.HostApplicationLifetime):
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    CheckStoppingCallback(argument.Value, treeOptions);
                }

                return;
        }

        if (IsHealthCheckRegistration(method) && !IsSelfCheck(invocation))
        {
            Model.Saw(HostFlag.DependencyChecks, context.ContainingSymbol);
        }

        // Another package's way of registering the health-check services (AddGrpcHealthChecks() returns the
        // same builder as AddHealthChecks()).
        if (Is(DeclaredTypes.ReturnTypeOf(method), api.HealthChecksBuilder))
        {
            Model.Saw(HostApi.AddHealthChecks, context.ContainingSymbol);
        }
    }

    /// <summary>
    /// <c>UseStartup&lt;Startup&gt;()</c> / <c>UseStartup(typeof(Startup))</c>: the framework calls the Startup class's
    /// methods for the host being built here, so they count as called from this member.
    /// </summary>
    private void AddStartupCalls(ISymbol? owner, IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        ITypeSymbol? startup = method.IsGenericMethod && method.TypeArguments.Length == 1 ? method.TypeArguments[0] : null;
        if (startup is null)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (Unwrap(argument.Value) is ITypeOfOperation typeOf)
                {
                    startup = typeOf.TypeOperand;
                }
            }
        }

        if (owner is null || startup is not INamedTypeSymbol type || type.DeclaringSyntaxReferences.Length == 0)
        {
            return;
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol)
            {
                Model.AddCall(owner, member);
            }
        }
    }

    private void AnalyzeBuild(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        INamedTypeSymbol? type = invocation.TargetMethod.ContainingType;
        if (Implements(type, api.WebHostBuilder))
        {
            Model.AddSite(new HostSite(invocation.Syntax.GetLocation(), HostSiteKind.WebHostBuild, context.ContainingSymbol, ImmutableArray<IMethodSymbol>.Empty, configuresWebHost: true));
            return;
        }

        if (!Implements(type, api.HostBuilder))
        {
            return;
        }

        // Follow the receiver chain (Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(...).Build(), or
        // CreateHostBuilder(args).Build()) to see whether a web host is configured on this builder.
        var builderMethods = ImmutableArray.CreateBuilder<IMethodSymbol>();
        bool configuresWebHost = false;
        IOperation? current = invocation.Instance;
        for (int depth = 0; current is not null && depth < MaxReceiverChain; depth++)
        {
            if (Unwrap(current) is not IInvocationOperation call)
            {
                break;
            }

            if (api.Classify(call.TargetMethod) == HostApi.ConfigureWebHost)
            {
                configuresWebHost = true;
                break;
            }

            if (call.TargetMethod.DeclaringSyntaxReferences.Length > 0)
            {
                builderMethods.Add(call.TargetMethod.OriginalDefinition);
            }

            current = call.Instance ?? (call.TargetMethod.IsExtensionMethod ? ReceiverArgument(call) : null);
        }

        Model.AddSite(new HostSite(invocation.Syntax.GetLocation(), HostSiteKind.GenericHostBuild, context.ContainingSymbol, builderMethods.ToImmutable(), configuresWebHost));
    }

    private void AddHealthEndpoint(IInvocationOperation invocation, string? path, string checksKey, bool isCustom, ISymbol? owner) =>
        Model.AddEndpoint(new HealthEndpoint(path, checksKey, isCustom, invocation.Syntax.GetLocation(), owner));

    /// <summary>Which checks a <c>HealthCheckOptions</c> argument selects (see <see cref="HealthEndpoint.ChecksKey"/>).</summary>
    private string ChecksKey(IOperation? optionsArgument)
    {
        IOperation? value = Unwrap(optionsArgument);
        if (value is null || value is IDefaultValueOperation || value.ConstantValue is { HasValue: true, Value: null })
        {
            return HealthEndpoint.AllChecks;
        }

        if (value is not IObjectCreationOperation creation || !Is(creation.Type, api.HealthCheckOptions) || creation.Arguments.Length > 0)
        {
            return Model.NextOpaqueKey();
        }

        if (creation.Initializer is null)
        {
            return HealthEndpoint.AllChecks;
        }

        foreach (IOperation initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Predicate" } } predicate)
            {
                if (Unwrap(predicate.Value) is { ConstantValue: { HasValue: true, Value: null } })
                {
                    return HealthEndpoint.AllChecks;
                }

                if (Unwrap(predicate.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && ReturnsConstantTrue(lambda))
                {
                    return HealthEndpoint.AllChecks;
                }

                return "predicate:" + Normalize(predicate.Value.Syntax.ToString());
            }
        }

        return HealthEndpoint.AllChecks;
    }

    private void CheckStoppingCallback(IOperation callback, HostingOptions treeOptions)
    {
        IOperation? value = Unwrap(callback);
        if (value is IDelegateCreationOperation delegateCreation)
        {
            value = delegateCreation.Target;
        }

        if (value is not IAnonymousFunctionOperation function)
        {
            return;
        }

        foreach (IOperation operation in function.Body.Descendants())
        {
            if (operation is not IInvocationOperation call || call.Arguments.Length == 0)
            {
                continue;
            }

            IMethodSymbol method = call.TargetMethod;
            bool isDelay = (method.Name == "Sleep" && Is(method.ContainingType, api.Thread))
                || (method.Name == "Delay" && Is(method.ContainingType, api.Task));
            if (isDelay)
            {
                double? seconds = ConstantDuration.DelaySeconds(call.Arguments[0].Value, api);
                if (seconds is { } s && s > treeOptions.ShutdownMaxSeconds)
                {
                    Model.AddShutdownFinding(new ShutdownFinding(call.Syntax.GetLocation(), "The delay in this ApplicationStopping callback", ConstantDuration.Describe(s), treeOptions.ShutdownMaxSeconds, clampable: false));
                }
            }
        }
    }

    private void CheckShutdownDuration(IOperation value, string what, double? seconds, bool clampable)
    {
        if (seconds is not { } s)
        {
            return;
        }

        int max = options.For(value.Syntax.SyntaxTree).ShutdownMaxSeconds;
        if (s > max)
        {
            Model.AddShutdownFinding(new ShutdownFinding(value.Syntax.GetLocation(), what, ConstantDuration.Describe(s), max, clampable));
        }
    }

    /// <summary>Reads the attributes of a method, type or lambda; <paramref name="owner"/> is the member whose code declares them.</summary>
    private void AnalyzeAttributes(ISymbol? symbol, ISymbol? owner)
    {
        if (symbol is null)
        {
            return;
        }

        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            INamedTypeSymbol? type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            if (Is(type, api.RequestTimeoutAttribute))
            {
                Model.Saw(HostFlag.RequestTimeoutMetadata, owner);
            }
            else if (Is(type, api.EnableRateLimitingAttribute))
            {
                Model.Saw(HostFlag.RateLimitingMetadata, owner);
            }
            else if ((DerivesFrom(type, api.HttpMethodAttribute) || Is(type, api.RouteAttribute))
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Primitive
                && attribute.ConstructorArguments[0].Value is string template
                && ProbePaths.IsProbe(template)
                && attribute.ApplicationSyntaxReference is { } reference)
            {
                Model.AddEndpoint(new HealthEndpoint(template, Model.NextOpaqueKey(), isCustom: true, Location.Create(reference.SyntaxTree, reference.Span), owner));
            }
        }
    }

    private bool IsHealthCheckRegistration(IMethodSymbol method)
    {
        if (api.HealthChecksBuilder is null)
        {
            return false;
        }

        IMethodSymbol definition = method.ReducedFrom ?? method;
        bool registers = Is(method.ContainingType, api.HealthChecksBuilder)
            ? method.Name == "Add"
            : definition.IsExtensionMethod && Is(DeclaredTypes.FirstParameterTypeOf(definition), api.HealthChecksBuilder);

        // Methods of this compilation are looked into: the registrations they make are seen there. (Asked last: the
        // syntax references of a source method are a new array on every call.)
        return registers && method.DeclaringSyntaxReferences.Length == 0;
    }

    /// <summary><c>AddCheck("self", () => HealthCheckResult.Healthy())</c>: reaches no dependency.</summary>
    private bool IsSelfCheck(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (Unwrap(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                && lambda.Body.Operations.Length == 1
                && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
                && Unwrap(returned) is IInvocationOperation result
                && result.TargetMethod.Name == "Healthy"
                && Is(result.TargetMethod.ContainingType, api.HealthCheckResult))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReturnsConstantTrue(IAnonymousFunctionOperation lambda) =>
        lambda.Body.Operations.Length == 1
        && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { ConstantValue: { HasValue: true, Value: true } } };

    private static string? ConstantPath(IOperation? argument)
    {
        IOperation? value = Unwrap(argument);
        if (value?.ConstantValue is { HasValue: true, Value: string path })
        {
            return path;
        }

        // new PathString("/health")
        if (value is IObjectCreationOperation { Arguments.Length: 1 } creation
            && creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string created })
        {
            return created;
        }

        return null;
    }

    private static IOperation? Argument(IInvocationOperation invocation, string parameterName)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            }
        }

        return null;
    }

    private static IOperation? ReceiverArgument(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    private static bool Implements(ITypeSymbol? type, INamedTypeSymbol? @interface)
    {
        if (type is null || @interface is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, @interface))
        {
            return true;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, @interface))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (ITypeSymbol? current = type; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
