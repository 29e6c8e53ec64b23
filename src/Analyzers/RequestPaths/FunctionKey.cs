using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace NoDowntime.Analyzers.RequestPaths;

/// <summary>
/// Identifies one node of the request-path call graph: a method, accessor or constructor (by its original
/// definition), or a lambda / local function (by its declaring syntax, because their symbols are not stable
/// across semantic models).
/// </summary>
internal readonly struct FunctionKey : IEquatable<FunctionKey>
{
    // The method symbol, or the syntax tree of a lambda or local function (then with its span): one reference
    // instead of two keeps a graph edge, which holds two keys, at 32 bytes.
    private readonly object? owner;
    private readonly TextSpan span;

    private FunctionKey(IMethodSymbol symbol)
    {
        owner = symbol;
        span = default;
    }

    private FunctionKey(SyntaxTree tree, TextSpan span)
    {
        owner = tree;
        this.span = span;
    }

    /// <summary>The method when the key is a member (not a lambda or local function).</summary>
    internal IMethodSymbol? Method => owner as IMethodSymbol;

    /// <summary>True for lambdas, anonymous methods and local functions.</summary>
    internal bool IsNested => owner is SyntaxTree;

    internal bool IsValid => owner is not null;

    internal SyntaxTree? Tree => owner as SyntaxTree ?? Method?.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;

    internal TextSpan Span => IsNested ? span : Method?.Locations.FirstOrDefault(l => l.IsInSource)?.SourceSpan ?? default;

    /// <summary>The key of a method symbol (normalised: original definition, unreduced, partial implementation).</summary>
    internal static FunctionKey? For(IMethodSymbol? method)
    {
        if (method is null)
        {
            return null;
        }

        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction)
        {
            SyntaxReference? reference = method.DeclaringSyntaxReferences.FirstOrDefault();
            return reference is null ? null : new FunctionKey(reference.SyntaxTree, reference.Span);
        }

        IMethodSymbol normalised = method.ReducedFrom ?? method;
        normalised = normalised.OriginalDefinition;
        if (normalised.PartialImplementationPart is { } implementation)
        {
            normalised = implementation;
        }

        return new FunctionKey(normalised);
    }

    /// <summary>The key of a lambda, anonymous method or local function declaration.</summary>
    internal static FunctionKey For(SyntaxNode functionSyntax) => new(functionSyntax.SyntaxTree, functionSyntax.Span);

    /// <summary>
    /// The innermost function that contains <paramref name="operation"/>: the nearest enclosing lambda or local
    /// function, else the member that owns the operation block. Walks parents, so use it for single operations,
    /// not for every node of a large tree.
    /// </summary>
    internal static FunctionKey? Enclosing(IOperation operation, ISymbol? owningSymbol)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            // A kind test, not a type test: the request-path model asks this for every call of the program.
            if (current.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                return For(current.Syntax);
            }
        }

        return OwnerKey(owningSymbol);
    }

    /// <summary>The instance constructors of a type, where its instance field and property initializers run.</summary>
    internal static List<FunctionKey>? ConstructorsOf(INamedTypeSymbol type)
    {
        List<FunctionKey>? constructors = null;
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (For(constructor) is { } key)
            {
                (constructors ??= new List<FunctionKey>(1)).Add(key);
            }
        }

        return constructors;
    }

    /// <summary>
    /// For code in an instance field or property initializer, which runs inside every instance constructor: those
    /// constructors. Null for any other owner.
    /// </summary>
    internal static List<FunctionKey>? InitializerConstructors(ISymbol? owningSymbol) =>
        owningSymbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false } && owningSymbol.ContainingType is { } type
            ? ConstructorsOf(type)
            : null;

    /// <summary>The key for code owned by a member: the method itself, or for property/field initializers nothing.</summary>
    internal static FunctionKey? OwnerKey(ISymbol? owningSymbol) => owningSymbol is IMethodSymbol method ? For(method) : null;

    public bool Equals(FunctionKey other) => ReferenceEquals(owner, other.owner) && span == other.span;

    public override bool Equals(object? obj) => obj is FunctionKey other && Equals(other);

    // The owner's identity: keys hold definitions (see For), one object per symbol in a compilation, and the
    // comparer's hash of the compiler's symbol behind it is far dearer (every edge of the graph is hashed).
    public override int GetHashCode() => (RuntimeHelpers.GetHashCode(owner) * 31) + span.GetHashCode();

    /// <summary>A stable order (file, position), so paths and messages do not depend on analysis order.</summary>
    internal (string Path, int Position, string Name) SortKey
    {
        get
        {
            if (owner is SyntaxTree tree)
            {
                return (tree.FilePath ?? string.Empty, span.Start, string.Empty);
            }

            // The same as Tree and Span, in one pass over the locations.
            IMethodSymbol? symbol = Method;
            foreach (Location location in symbol?.Locations ?? ImmutableArray<Location>.Empty)
            {
                if (location.IsInSource && location.SourceTree is { } sourceTree)
                {
                    return (sourceTree.FilePath ?? string.Empty, location.SourceSpan.Start, string.Empty);
                }
            }

            return ("\uffff", 0, symbol?.ToDisplayString() ?? string.Empty);
        }
    }

    public override string ToString() => Method?.ToDisplayString() ?? $"{(owner as SyntaxTree)?.FilePath}@{span}";
}
