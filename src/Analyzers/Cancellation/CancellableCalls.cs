using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>How to give a token to a call that takes one.</summary>
internal readonly struct MissingToken
{
    internal MissingToken(string parameterName, bool named, bool overload)
    {
        ParameterName = parameterName;
        Named = named;
        Overload = overload;
    }

    /// <summary>The token parameter's name (of the method itself, or of the overload that takes a token).</summary>
    internal string ParameterName { get; }

    /// <summary>True when the token must be passed as a named argument (positions before it are not all given).</summary>
    internal bool Named { get; }

    /// <summary>True when the token goes to another overload.</summary>
    internal bool Overload { get; }
}

/// <summary>
/// Recognises calls that could be cancelled but are made without a token: the method has a
/// <c>CancellationToken</c> parameter left at its default, or an accessible overload takes exactly the same
/// parameters plus a token. Only work that returns a task or an async stream counts.
/// </summary>
internal static class CancellableCalls
{
    internal static MissingToken? Analyze(IInvocationOperation invocation, CancellationContext context)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (!context.IsAsyncResult(DeclaredTypes.ReturnTypeOf(method)) || invocation.Syntax is not InvocationExpressionSyntax syntax)
        {
            return null;
        }

        if (IsTaskStart(method, context))
        {
            return null;
        }

        int offset = ReceiverOffset(invocation);
        IParameterSymbol? defaulted = null;
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is null)
            {
                return null;
            }

            bool isToken = context.IsToken(DeclaredTypes.TypeOf(argument.Parameter));
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                if (isToken && defaulted is null)
                {
                    defaulted = argument.Parameter;
                }
            }
            else if (isToken || context.IsToken(argument.Value.Type))
            {
                // A token is passed already (whatever its name).
                return null;
            }
        }

        if (defaulted is not null)
        {
            return new MissingToken(defaulted.Name, NeedsName(syntax, defaulted.Ordinal - offset), overload: false);
        }

        if (method.Parameters.Length > 0 && method.Parameters[method.Parameters.Length - 1].IsParams)
        {
            return null;
        }

        IMethodSymbol? overload = FindTokenOverload(method, invocation, context);
        if (overload is null)
        {
            return null;
        }

        foreach (IParameterSymbol parameter in overload.Parameters)
        {
            if (context.IsToken(parameter.Type))
            {
                int position = parameter.Ordinal - offset;
                bool named = NeedsName(syntax, position) || parameter.Ordinal != overload.Parameters.Length - 1;
                return new MissingToken(parameter.Name, named, overload: true);
            }
        }

        return null;
    }

    /// <summary>1 when the call is an extension method invoked in reduced form (the receiver is no syntax argument).</summary>
    internal static int ReceiverOffset(IInvocationOperation invocation) =>
        invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 && invocation.Arguments[0].Syntax is not ArgumentSyntax ? 1 : 0;

    private static bool NeedsName(InvocationExpressionSyntax syntax, int position)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = syntax.ArgumentList.Arguments;
        if (arguments.Count != position)
        {
            return true;
        }

        foreach (ArgumentSyntax argument in arguments)
        {
            if (argument.NameColon is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Task.Run</c> / <c>TaskFactory.StartNew</c>: their token only stops the start; ND3007 judges them.</summary>
    internal static bool IsTaskStart(IMethodSymbol method, CancellationContext context) =>
        (method.Name == "Run" && context.Is(method.ContainingType, context.Task))
        || (method.Name == "StartNew" && context.TaskFactory is not null && CancellationContext.InheritsFrom(method.ContainingType, context.TaskFactory));

    private static IMethodSymbol? FindTokenOverload(IMethodSymbol method, IInvocationOperation invocation, CancellationContext context)
    {
        INamedTypeSymbol? type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        // Whether the method has any overload with a token at all is a fact of its definition: remembered per method,
        // so the common answer (none) costs no member lookups and no semantic-model query.
        if (!context.MayHaveTokenOverload(method))
        {
            return null;
        }

        IMethodSymbol original = method.OriginalDefinition;
        ISymbol? within = invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart)?.ContainingType;
        foreach (var (candidate, onClassChain) in TokenOverloads(type, original, context))
        {
            // Accessibility is checked on the type and its bases; members of extended interfaces are public.
            if ((!onClassChain || within is null || context.Compilation.IsSymbolAccessibleWithin(candidate, within))
                && !IsObsolete(candidate, context))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the definition's type (or its bases, or the interfaces it extends) declares a token overload of it,
    /// whatever its accessibility: what <see cref="FindTokenOverload"/> could find at best.
    /// </summary>
    internal static bool HasTokenOverloadCandidate(IMethodSymbol original, CancellationContext context) =>
        original.ContainingType is { } type && TokenOverloads(type, original, context).Any();

    /// <summary>
    /// The token overloads of <paramref name="original"/> that <paramref name="type"/> declares, then those of its
    /// bases (for instance methods of classes), then, for an interface, those of the interfaces it extends; the flag
    /// tells the first two from the last.
    /// </summary>
    private static IEnumerable<(IMethodSymbol Candidate, bool OnClassChain)> TokenOverloads(
        INamedTypeSymbol type, IMethodSymbol original, CancellationContext context)
    {
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        int guard = 0;
        for (INamedTypeSymbol? current = type; current is not null && guard++ < 16; current = current.BaseType)
        {
            if (!seen.Add(current.OriginalDefinition))
            {
                break;
            }

            foreach (ISymbol member in current.GetMembers(original.Name))
            {
                if (member is IMethodSymbol candidate && IsTokenOverload(original, candidate.OriginalDefinition, context))
                {
                    yield return (candidate, true);
                }
            }

            if (original.IsStatic || type.TypeKind == TypeKind.Interface)
            {
                break;
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                foreach (ISymbol member in implemented.GetMembers(original.Name))
                {
                    if (member is IMethodSymbol candidate && IsTokenOverload(original, candidate.OriginalDefinition, context))
                    {
                        yield return (candidate, false);
                    }
                }
            }
        }
    }

    private static bool IsObsolete(IMethodSymbol method, CancellationContext context)
    {
        if (context.Obsolete is null)
        {
            return false;
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, context.Obsolete))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The candidate has the method's parameters, in order, plus exactly one token.</summary>
    private static bool IsTokenOverload(IMethodSymbol method, IMethodSymbol candidate, CancellationContext context)
    {
        if (candidate.IsStatic != method.IsStatic || candidate.TypeParameters.Length != method.TypeParameters.Length
            || candidate.Parameters.Length != method.Parameters.Length + 1 || !context.IsAsyncResult(candidate.ReturnType))
        {
            return false;
        }

        int j = 0;
        bool tokenSeen = false;
        foreach (IParameterSymbol parameter in candidate.Parameters)
        {
            if (!tokenSeen && context.IsToken(parameter.Type))
            {
                tokenSeen = true;
                continue;
            }

            if (j >= method.Parameters.Length)
            {
                return false;
            }

            IParameterSymbol expected = method.Parameters[j++];
            if (expected.RefKind != parameter.RefKind || !SameType(expected.Type, parameter.Type, 0))
            {
                return false;
            }
        }

        return tokenSeen && j == method.Parameters.Length;
    }

    private static bool SameType(ITypeSymbol a, ITypeSymbol b, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        if (a is ITypeParameterSymbol pa && b is ITypeParameterSymbol pb)
        {
            return pa.TypeParameterKind == pb.TypeParameterKind && pa.Ordinal == pb.Ordinal;
        }

        if (a is IArrayTypeSymbol aa && b is IArrayTypeSymbol ab)
        {
            return aa.Rank == ab.Rank && SameType(aa.ElementType, ab.ElementType, depth + 1);
        }

        if (a is INamedTypeSymbol na && b is INamedTypeSymbol nb && na.IsGenericType && nb.IsGenericType)
        {
            if (!SymbolEqualityComparer.Default.Equals(na.OriginalDefinition, nb.OriginalDefinition))
            {
                return false;
            }

            ImmutableArray<ITypeSymbol> ta = na.TypeArguments;
            ImmutableArray<ITypeSymbol> tb = nb.TypeArguments;
            for (int i = 0; i < ta.Length; i++)
            {
                if (!SameType(ta[i], tb[i], depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        return SymbolEqualityComparer.Default.Equals(a, b);
    }

    /// <summary>True when the value of the call is thrown away: a statement of its own or <c>_ = call</c>.</summary>
    internal static bool IsDiscarded(IOperation operation)
    {
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            operation = parent;
            parent = parent.Parent;
        }

        return parent is IExpressionStatementOperation
            || (parent is ISimpleAssignmentOperation { Target: IDiscardOperation } assignment && ReferenceEquals(assignment.Value, operation));
    }

    /// <summary>
    /// An <c>await foreach</c> over an async stream that is not given a token: no <c>WithCancellation</c>, and the
    /// stream does not come from a call that took one.
    /// </summary>
    internal static bool IsUncancelledAsyncForEach(IForEachLoopOperation loop, CancellationContext context)
    {
        if (!loop.IsAsynchronous)
        {
            return false;
        }

        IOperation collection = loop.Collection;
        while (collection is IConversionOperation conversion)
        {
            collection = conversion.Operand;
        }

        if (collection.Type is not INamedTypeSymbol type || !context.Is(type.OriginalDefinition, context.AsyncEnumerable))
        {
            return false;
        }

        if (collection is IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is not null && context.IsToken(argument.Parameter.Type))
                {
                    // It took a token (or ND3001 reports the call itself when it was left at its default).
                    return false;
                }
            }

            if (Analyze(invocation, context) is not null)
            {
                return false;
            }
        }

        return true;
    }
}
