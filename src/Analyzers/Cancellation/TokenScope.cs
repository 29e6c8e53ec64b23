using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>Where an available token comes from.</summary>
internal enum TokenSourceKind
{
    /// <summary>A local created by <c>CancellationTokenSource.CreateLinkedTokenSource</c>: its <c>Token</c>.</summary>
    LinkedSource,

    /// <summary>A local <c>CancellationToken</c> variable.</summary>
    Local,

    /// <summary>A <c>CancellationToken</c> parameter (of the method, an enclosing lambda or local function).</summary>
    Parameter,

    /// <summary><c>ServerCallContext.CancellationToken</c> of a gRPC method.</summary>
    ServerCallContext,

    /// <summary><c>HttpContext.RequestAborted</c> through an <c>HttpContext</c> parameter.</summary>
    HttpContext,

    /// <summary>The token of a configured token-carrying type (<c>nodowntime.cancellation.token_names</c>).</summary>
    Configured,

    /// <summary><c>HttpContext.RequestAborted</c> through <c>ControllerBase.HttpContext</c> / <c>PageModel.HttpContext</c>.</summary>
    ControllerHttpContext,

    /// <summary><c>HttpContext.RequestAborted</c> through an injected <c>IHttpContextAccessor</c>.</summary>
    HttpContextAccessor,
}

/// <summary>A token the code at some point can pass on, as the C# expression that reads it.</summary>
internal readonly struct AvailableToken
{
    internal AvailableToken(string expression, TokenSourceKind kind)
    {
        Expression = expression;
        Kind = kind;
    }

    internal string Expression { get; }

    internal TokenSourceKind Kind { get; }
}

/// <summary>
/// Finds the cancellation token available at an operation, innermost first: linked sources and token locals
/// declared before it, then the parameters of each enclosing function (tokens, <c>ServerCallContext</c>,
/// <c>HttpContext</c>, configured carriers), then what the containing type offers (a controller's
/// <c>HttpContext</c>, an <c>IHttpContextAccessor</c> in an entry point). The search does not leave a lambda
/// that runs detached from the current work (<c>Task.Run</c>, timers, token callbacks) or that is a handler itself.
/// </summary>
internal static class TokenScope
{
    private static readonly ImmutableHashSet<string> DetachingMethods = ImmutableHashSet.Create(
        "Run", "StartNew", "QueueUserWorkItem", "UnsafeQueueUserWorkItem", "Register", "UnsafeRegister", "OnCompleted", "OnStarting",
        "RegisterForDispose", "RegisterForDisposeAsync", "ContinueWith");

    internal static AvailableToken? Find(IOperation operation, ISymbol? owningSymbol, CancellationContext context)
    {
        int position = operation.Syntax.SpanStart;
        SyntaxTree tree = operation.Syntax.SyntaxTree;
        CancellationOptions options = context.Options.For(tree);
        AvailableToken? found = null;
        int depth = 0;
        for (IOperation? current = operation.Parent; current is not null && depth++ < 512; current = current.Parent)
        {
            switch (current)
            {
                case IBlockOperation block:
                    if (FromLocals(block.Locals, position, tree, context) is { } local)
                    {
                        return local;
                    }

                    break;

                case IUsingOperation usingOperation:
                    if (FromLocals(usingOperation.Locals, position, tree, context) is { } usingLocal)
                    {
                        return usingLocal;
                    }

                    break;

                case IAnonymousFunctionOperation function:
                    found = FromParameters(function.Symbol.Parameters, context, options);
                    if (found is not null)
                    {
                        return found;
                    }

                    if (function.Symbol.IsStatic || IsDetached(function) || context.Model.EntryPoints.ForAnonymousFunction(function) is not null)
                    {
                        return null;
                    }

                    break;

                case ILocalFunctionOperation localFunction:
                    found = FromParameters(localFunction.Symbol.Parameters, context, options);
                    if (found is not null)
                    {
                        return found;
                    }

                    if (localFunction.Symbol.IsStatic)
                    {
                        return null;
                    }

                    break;
            }
        }

        if (owningSymbol is not IMethodSymbol method)
        {
            return null;
        }

        found = FromParameters(method.Parameters, context, options);
        if (found is not null)
        {
            return found;
        }

        return FromType(operation, method, context);
    }

    /// <summary>
    /// True when the function's parameters give a token (a <c>CancellationToken</c>, or a carrier such as
    /// <c>HttpContext</c>) that <see cref="Find"/> falls back to everywhere in its body outside static functions.
    /// The plain token is tested first: it needs no type walks and no options.
    /// </summary>
    internal static bool ParametersGiveToken(IMethodSymbol function, CancellationContext context, SyntaxTree tree) =>
        HasTokenParameter(function, context) || FromParameters(function.Parameters, context, context.Options.For(tree)) is not null;

    private static bool HasTokenParameter(IMethodSymbol method, CancellationContext context)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.Out && parameter.Name is not ("_" or "") && context.IsToken(parameter.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a lambda is handed to something that runs it apart from the current work.</summary>
    internal static bool IsDetached(IAnonymousFunctionOperation function)
    {
        IOperation? current = function.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current is IArgumentOperation { Parent: IInvocationOperation invocation })
        {
            return DetachingMethods.Contains(invocation.TargetMethod.Name);
        }

        if (current is IArgumentOperation { Parent: IObjectCreationOperation creation })
        {
            string? typeName = creation.Type?.Name;
            return typeName is "Thread" or "Timer" or "Lazy" or "AsyncLazy";
        }

        return false;
    }

    private static AvailableToken? FromLocals(ImmutableArray<ILocalSymbol> locals, int position, SyntaxTree tree, CancellationContext context)
    {
        AvailableToken? tokenLocal = null;
        foreach (ILocalSymbol local in locals)
        {
            bool isToken = context.IsToken(local.Type);
            bool isSource = !isToken && context.TokenSource is not null && SymbolEqualityComparer.Default.Equals(local.Type, context.TokenSource);
            if (!isToken && !isSource)
            {
                continue;
            }

            if (local.DeclaringSyntaxReferences.Length == 0)
            {
                continue;
            }

            SyntaxReference reference = local.DeclaringSyntaxReferences[0];
            if (reference.SyntaxTree != tree || reference.Span.End > position)
            {
                continue;
            }

            if (reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                continue;
            }

            if (isSource)
            {
                if (IsLinkedSourceCreation(value))
                {
                    return new AvailableToken(local.Name + ".Token", TokenSourceKind.LinkedSource);
                }
            }
            else if (tokenLocal is null && !IsNoneSyntax(value))
            {
                tokenLocal = new AvailableToken(local.Name, TokenSourceKind.Local);
            }
        }

        return tokenLocal;
    }

    private static bool IsLinkedSourceCreation(ExpressionSyntax value)
    {
        while (value is ParenthesizedExpressionSyntax parenthesized)
        {
            value = parenthesized.Expression;
        }

        return value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateLinkedTokenSource" } };
    }

    /// <summary><c>CancellationToken.None</c>, <c>default</c>, <c>new CancellationToken(...)</c>: not a token anyone can cancel.</summary>
    internal static bool IsNoneSyntax(ExpressionSyntax value)
    {
        while (value is ParenthesizedExpressionSyntax parenthesized)
        {
            value = parenthesized.Expression;
        }

        return value switch
        {
            LiteralExpressionSyntax literal => literal.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.DefaultLiteralExpression),
            DefaultExpressionSyntax => true,
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "None" } => true,
            BaseObjectCreationExpressionSyntax => true,
            _ => false,
        };
    }

    private static AvailableToken? FromParameters(ImmutableArray<IParameterSymbol> parameters, CancellationContext context, CancellationOptions options)
    {
        AvailableToken? other = null;
        foreach (IParameterSymbol parameter in parameters)
        {
            ITypeSymbol type = parameter.Type;
            if (parameter.RefKind == RefKind.Out || parameter.Name is "_" or "")
            {
                continue;
            }

            if (context.IsToken(type))
            {
                return new AvailableToken(parameter.Name, TokenSourceKind.Parameter);
            }

            if (other is not null)
            {
                continue;
            }

            if (context.ServerCallContext is not null && CancellationContext.InheritsFrom(type, context.ServerCallContext))
            {
                other = new AvailableToken(parameter.Name + ".CancellationToken", TokenSourceKind.ServerCallContext);
            }
            else if (context.HttpContext is not null && CancellationContext.InheritsFrom(type, context.HttpContext))
            {
                other = new AvailableToken(parameter.Name + ".RequestAborted", TokenSourceKind.HttpContext);
            }
            else if ((context.HttpRequest is not null && CancellationContext.InheritsFrom(type, context.HttpRequest))
                || (context.HttpResponse is not null && CancellationContext.InheritsFrom(type, context.HttpResponse)))
            {
                other = new AvailableToken(parameter.Name + ".HttpContext.RequestAborted", TokenSourceKind.HttpContext);
            }
            else if (options.IsTokenCarrier(type) && TokenMember(type, context) is { } member)
            {
                other = new AvailableToken(parameter.Name + "." + member, TokenSourceKind.Configured);
            }
        }

        return other;
    }

    /// <summary>The first public instance property or field of type <c>CancellationToken</c> on a token-carrying type.</summary>
    private static string? TokenMember(ITypeSymbol type, CancellationContext context)
    {
        int guard = 0;
        for (ITypeSymbol? current = type; current is not null && guard++ < 16; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                if ((member is IPropertySymbol { IsIndexer: false, GetMethod: not null } property && context.IsToken(property.Type))
                    || (member is IFieldSymbol field && context.IsToken(field.Type)))
                {
                    return member.Name;
                }
            }
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            foreach (ISymbol member in implemented.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } property && context.IsToken(property.Type))
                {
                    return member.Name;
                }
            }
        }

        return null;
    }

    private static AvailableToken? FromType(IOperation operation, IMethodSymbol method, CancellationContext context)
    {
        if (method.IsStatic || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation) || method.ContainingType is not { } type)
        {
            return null;
        }

        if (CancellationContext.InheritsFrom(type, context.ControllerBase) || CancellationContext.InheritsFrom(type, context.PageModel))
        {
            return new AvailableToken("HttpContext.RequestAborted", TokenSourceKind.ControllerHttpContext);
        }

        if (context.HttpContextAccessor is not null && context.Model.EntryPointOf(operation, method) is not null)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                ITypeSymbol? memberType = member switch
                {
                    IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field => field.Type,
                    IPropertySymbol { IsStatic: false, IsIndexer: false } property => property.Type,
                    _ => null,
                };
                if (memberType is not null && SymbolEqualityComparer.Default.Equals(memberType, context.HttpContextAccessor))
                {
                    return new AvailableToken(member.Name + ".HttpContext?.RequestAborted ?? default", TokenSourceKind.HttpContextAccessor);
                }
            }

            // Primary constructor parameters captured by the type.
            foreach (IMethodSymbol constructor in type.InstanceConstructors)
            {
                foreach (IParameterSymbol parameter in constructor.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, context.HttpContextAccessor)
                        && constructor.DeclaringSyntaxReferences.Length > 0
                        && constructor.DeclaringSyntaxReferences[0].GetSyntax() is TypeDeclarationSyntax)
                    {
                        return new AvailableToken(parameter.Name + ".HttpContext?.RequestAborted ?? default", TokenSourceKind.HttpContextAccessor);
                    }
                }
            }
        }

        return null;
    }
}
