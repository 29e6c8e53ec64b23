using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Queries;

/// <summary>How a call runs a query.</summary>
internal enum TerminalKind
{
    None,

    /// <summary>The whole result is loaded into memory: <c>ToList</c>, <c>ToListAsync</c>, <c>ToArray</c>, <c>ToDictionary</c>, ...</summary>
    Materialise,

    /// <summary>The result is streamed: <c>ToCursor(Async)</c>, <c>ForEachAsync</c>, <c>ToEnumerable</c>, <c>AsAsyncEnumerable</c>, ...</summary>
    Stream,
}

/// <summary>Recognises the calls that run a query, and where their query comes from.</summary>
internal static class QueryTerminals
{
    /// <summary>Every name a terminal can have: the O(1) test that rejects almost every call before any type is compared.</summary>
    private static readonly HashSet<string> TerminalNames = new(StringComparer.Ordinal)
    {
        "ToList", "ToListAsync", "ToCursor", "ToCursorAsync", "ForEachAsync", "ToEnumerable", "ToAsyncEnumerable",
        "ToArray", "ToDictionary", "ToHashSet", "ToLookup", "ToArrayAsync", "ToDictionaryAsync", "ToHashSetAsync",
        "Load", "LoadAsync", "AsAsyncEnumerable", "ToLookupAsync",
    };

    public static TerminalKind Classify(IInvocationOperation invocation, QueryTypes types, out IOperation? query)
    {
        query = null;
        IMethodSymbol method = invocation.TargetMethod;
        if (!TerminalNames.Contains(method.Name))
        {
            return TerminalKind.None;
        }

        INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
        if (container is null)
        {
            return TerminalKind.None;
        }

        string name = method.Name;
        bool cursorExtensions = QueryTypes.Is(container, types.AsyncCursorSourceExtensions) || QueryTypes.Is(container, types.AsyncCursorExtensions);
        bool mongoQueryable = QueryTypes.Is(container, types.MongoQueryable);
        TerminalKind kind = TerminalKind.None;

        if (cursorExtensions || mongoQueryable)
        {
            kind = name switch
            {
                "ToList" or "ToListAsync" => TerminalKind.Materialise,
                "ToCursor" or "ToCursorAsync" or "ForEachAsync" or "ToEnumerable" or "ToAsyncEnumerable" => TerminalKind.Stream,
                _ => TerminalKind.None,
            };
        }
        else if (QueryTypes.Is(container, types.AsyncCursorSource))
        {
            kind = name is "ToCursor" or "ToCursorAsync" ? TerminalKind.Stream : TerminalKind.None;
        }
        else if (QueryTypes.Is(container, types.Enumerable))
        {
            kind = name is "ToList" or "ToArray" or "ToDictionary" or "ToHashSet" or "ToLookup" ? TerminalKind.Materialise : TerminalKind.None;
        }
        else if (QueryTypes.Is(container, types.EfQueryableExtensions))
        {
            kind = name switch
            {
                "ToListAsync" or "ToArrayAsync" or "ToDictionaryAsync" or "ToHashSetAsync" or "Load" or "LoadAsync" => TerminalKind.Materialise,
                "AsAsyncEnumerable" => TerminalKind.Stream,
                _ => TerminalKind.None,
            };
        }
        else if (QueryTypes.Is(container, types.AsyncEnumerable))
        {
            kind = name is "ToListAsync" or "ToArrayAsync" or "ToDictionaryAsync" or "ToHashSetAsync" or "ToLookupAsync"
                ? TerminalKind.Materialise
                : TerminalKind.None;
        }

        if (kind != TerminalKind.None)
        {
            query = QueryChainWalker.Receiver(invocation);
            if (query is null)
            {
                return TerminalKind.None;
            }

            // Enumerable.ToList() / ToArray() over an in-memory collection (a List<T>, an array): no query can be
            // behind a receiver whose own type is not a query shape, so no chain walk is needed to know it.
            if (QueryTypes.Is(container, types.Enumerable) && !types.IsQueryShape(QueryChainWalker.Unwrap(query)?.Type))
            {
                query = null;
                return TerminalKind.None;
            }
        }

        return kind;
    }

    /// <summary>
    /// True when the value of <paramref name="operation"/> is the receiver of another call (so that call, not this one,
    /// decides how the query runs).
    /// </summary>
    public static bool IsConsumedAsReceiver(IOperation operation)
    {
        IOperation current = operation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } } => true,
            IInvocationOperation invocation => invocation.Instance == current,
            IPropertyReferenceOperation property => property.Instance == current,
            _ => false,
        };
    }

    /// <summary>Where to report on a call: its method name (<c>ToListAsync</c> in <c>q.ToListAsync(ct)</c>).</summary>
    public static Location NameLocation(IOperation operation)
    {
        if (operation.Syntax is InvocationExpressionSyntax invocation)
        {
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax memberAccess:
                    return memberAccess.Name.GetLocation();
                case MemberBindingExpressionSyntax memberBinding:
                    return memberBinding.Name.GetLocation();
                case SimpleNameSyntax simpleName:
                    return simpleName.GetLocation();
            }
        }

        return operation.Syntax.GetLocation();
    }
}
