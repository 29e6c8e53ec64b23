using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.StaticState;

/// <summary>
/// Walks one operation block (a method body, an accessor, a field or property initializer) once for aliases
/// and once for writes, and hands what it finds to the <see cref="StaticStateCollector"/>. Cost is linear in
/// the size of the block.
/// </summary>
internal sealed class StaticStateWalker
{
    private const int MaxChain = 32;
    private const int MaxDepth = 400;

    private readonly StaticStateCollector collector;
    private readonly ISymbol owner;
    private readonly IMethodSymbol? ownerMethod;
    private readonly Dictionary<ILocalSymbol, Root> aliases = new(SymbolEqualityComparer.Default);
    private bool mutatesThis;
    private List<IMethodSymbol>? thisCalls;

    internal StaticStateWalker(StaticStateCollector collector, ISymbol owner)
    {
        this.collector = collector;
        this.owner = owner;
        ownerMethod = owner as IMethodSymbol;
    }

    private StaticStateTypes Types => collector.Types;

    internal void Walk(ImmutableArray<IOperation> blocks)
    {
        foreach (IOperation block in blocks)
        {
            CollectAliases(block, 0);
        }

        foreach (IOperation block in blocks)
        {
            Visit(block, inLambda: false, depth: 0);
        }

        if (ownerMethod is { IsStatic: false } method && method.MethodKind != MethodKind.Constructor)
        {
            collector.AddInstanceMethodFacts(method, mutatesThis, thisCalls);
        }

        if (ownerMethod is { MethodKind: MethodKind.PropertyGet, IsStatic: true, AssociatedSymbol: IPropertySymbol property })
        {
            FindGetterAlias(property, blocks);
        }
    }

    private void CollectAliases(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (operation)
        {
            case IVariableDeclaratorOperation { Initializer: { } initializer } declarator
                when declarator.Symbol is { RefKind: RefKind.None, Type.IsReferenceType: true }:
                AddAlias(declarator.Symbol, initializer.Value);
                break;

            case ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation local } assignment
                when local.Local is { RefKind: RefKind.None, Type.IsReferenceType: true }:
                AddAlias(local.Local, assignment.Value);
                break;

            case IInvocationOperation { Instance: { } instance } invocation:
                // _cache.TryGetValue(key, out var list): the out value is an element of the state.
                Root root = ResolveRoot(instance);
                if (root.IsSome)
                {
                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        if (argument.Parameter?.RefKind == RefKind.Out && OutLocal(argument.Value) is { Type.IsReferenceType: true } outLocal)
                        {
                            aliases[outLocal] = root;
                        }
                    }
                }

                break;

            case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation variable } loop
                when variable.Symbol is { Type.IsReferenceType: true }:
                Root items = ResolveRoot(loop.Collection);
                if (items.IsSome)
                {
                    aliases[variable.Symbol] = items;
                }

                break;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            CollectAliases(child, depth + 1);
        }
    }

    private void AddAlias(ILocalSymbol local, IOperation value)
    {
        Root root = ResolveRoot(value);
        if (root.IsSome)
        {
            aliases[local] = root;
        }
    }

    private static ILocalSymbol? OutLocal(IOperation value) => Strip(value) switch
    {
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local } => local.Local,
        ILocalReferenceOperation local => local.Local,
        _ => null,
    };

    private void Visit(IOperation operation, bool inLambda, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (operation)
        {
            case IAnonymousFunctionOperation:
                inLambda = true;
                break;

            case ISimpleAssignmentOperation assignment:
                // "r = ref _field" hands out a writable reference; otherwise the target is written.
                if (assignment.IsRef || !IsGuardedLazyInitialization(assignment))
                {
                    Write(assignment.IsRef ? assignment.Value : assignment.Target, inLambda);
                }

                break;

            case ICompoundAssignmentOperation compound:
                Write(compound.Target, inLambda);
                break;

            case ICoalesceAssignmentOperation coalesce:
                if (!IsLazyValue(coalesce.Value))
                {
                    Write(coalesce.Target, inLambda);
                }

                break;

            case IIncrementOrDecrementOperation increment:
                Write(increment.Target, inLambda);
                break;

            case IDeconstructionAssignmentOperation deconstruction:
                WriteTuple(deconstruction.Target, inLambda, 0);
                break;

            case IArgumentOperation argument when IsWritableByRef(argument):
                Write(argument.Value, inLambda);
                break;

            case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when declarator.Symbol.RefKind == RefKind.Ref:
                Write(initializer.Value, inLambda);
                break;

            case IReturnOperation { ReturnedValue: { } returned } when !inLambda && ownerMethod is { ReturnsByRef: true }:
                Write(returned, inLambda);
                break;

            case IInvocationOperation invocation:
                Invocation(invocation, inLambda);
                break;

            case IMethodReferenceOperation reference:
                // A method group becomes a delegate that may run at any time.
                collector.AddHelperUse(reference.Method, new CodeContext(owner, inLambda), invoked: false);
                break;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            Visit(child, inLambda, depth + 1);
        }
    }

    /// <summary>
    /// <c>if (_x == null) _x = new X();</c> (also <c>is null</c>, and inside double-checked locking): a one-time
    /// lazy initialization like <c>Lazy&lt;T&gt;</c>, when the value depends on nothing the caller passes in.
    /// </summary>
    private bool IsGuardedLazyInitialization(ISimpleAssignmentOperation assignment)
    {
        if (Strip(assignment.Target) is not IFieldReferenceOperation { Field.IsStatic: true } target || !IsLazyValue(assignment.Value))
        {
            return false;
        }

        IOperation? current = assignment.Parent;
        for (int i = 0; i < 4 && current is not null; i++, current = current.Parent)
        {
            if (current is IConditionalOperation { Condition: { } condition })
            {
                return TestsForNull(condition, target.Field);
            }

            if (current is not (IExpressionStatementOperation or IBlockOperation))
            {
                return false;
            }
        }

        return false;
    }

    private static bool TestsForNull(IOperation condition, IFieldSymbol field)
    {
        condition = Strip(condition);
        IOperation? tested = condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } binary when IsNull(binary.RightOperand) => binary.LeftOperand,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } binary when IsNull(binary.LeftOperand) => binary.RightOperand,
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value: { } value } } pattern when IsNull(value) => pattern.Value,
            _ => null,
        };
        return tested is not null && Strip(tested) is IFieldReferenceOperation reference
            && SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field.OriginalDefinition);
    }

    private static bool IsNull(IOperation operation) =>
        Strip(operation) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    /// <summary>A value that uses no parameter, local or instance member of the code that computes it.</summary>
    private bool IsLazyValue(IOperation value)
    {
        Microsoft.CodeAnalysis.Text.TextSpan span = value.Syntax.Span;
        foreach (IOperation operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInstanceReferenceOperation { ReferenceKind: not InstanceReferenceKind.ImplicitReceiver }:
                    return false;
                case IParameterReferenceOperation parameter when !DeclaredWithin(parameter.Parameter, span):
                    return false;
                case ILocalReferenceOperation local when !DeclaredWithin(local.Local, span):
                    return false;
            }
        }

        return true;
    }

    private static bool DeclaredWithin(ISymbol symbol, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
        {
            if (!span.Contains(reference.Span))
            {
                return false;
            }
        }

        return symbol.DeclaringSyntaxReferences.Length > 0;
    }

    private bool IsWritableByRef(IArgumentOperation argument)
    {
        if (argument.Parameter is not { RefKind: RefKind.Ref or RefKind.Out } parameter)
        {
            return false;
        }

        // Reading helpers that take a ref for atomicity, and one-time lazy initialization (like Lazy<T>).
        INamedTypeSymbol? type = parameter.ContainingSymbol?.ContainingType;
        if (parameter.ContainingSymbol?.Name == "Read"
            && (SymbolEqualityComparer.Default.Equals(type, Types.Interlocked) || SymbolEqualityComparer.Default.Equals(type, Types.Volatile)))
        {
            return false;
        }

        return !SymbolEqualityComparer.Default.Equals(type, Types.LazyInitializer);
    }

    private void WriteTuple(IOperation target, bool inLambda, int depth)
    {
        if (depth > MaxChain)
        {
            return;
        }

        if (Strip(target) is ITupleOperation tuple)
        {
            foreach (IOperation element in tuple.Elements)
            {
                WriteTuple(element, inLambda, depth + 1);
            }
        }
        else
        {
            Write(target, inLambda);
        }
    }

    /// <summary>Records a write to <paramref name="target"/>: the static member itself, or state reached through it.</summary>
    private void Write(IOperation target, bool inLambda)
    {
        IOperation stripped = Strip(target);
        switch (stripped)
        {
            case IFieldReferenceOperation { Field.IsStatic: true } field:
                collector.AddWrite(field.Field, StateAccess.Assign, new CodeContext(owner, inLambda), stripped.Syntax.GetLocation());
                return;

            case IPropertyReferenceOperation { Property.IsStatic: true } property:
                collector.AddWrite(property.Property, StateAccess.SetterCall, new CodeContext(owner, inLambda), stripped.Syntax.GetLocation());
                return;

            case IFieldReferenceOperation { Instance: { } instance }:
                Mutation(instance, stripped, inLambda);
                return;

            case IPropertyReferenceOperation { Instance: { } instance }:
                Mutation(instance, stripped, inLambda);
                return;

            case IArrayElementReferenceOperation element:
                Mutation(element.ArrayReference, stripped, inLambda);
                return;

            case IImplicitIndexerReferenceOperation indexer:
                Mutation(indexer.Instance, stripped, inLambda);
                return;
        }
    }

    /// <summary>The state that <paramref name="receiver"/> belongs to is changed at <paramref name="at"/>.</summary>
    private void Mutation(IOperation receiver, IOperation at, bool inLambda)
    {
        Root root = ResolveRoot(receiver);
        if (root.State is { } state)
        {
            collector.AddWrite(state, StateAccess.Mutate, new CodeContext(owner, inLambda), at.Syntax.GetLocation());
        }
        else if (root.IsThis)
        {
            mutatesThis = true;
        }
    }

    private void Invocation(IInvocationOperation invocation, bool inLambda)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.IsStatic)
        {
            StaticInvocation(invocation, method, inLambda);
            return;
        }

        if (invocation.Instance is not { } receiver)
        {
            return;
        }

        Root root = ResolveRoot(receiver);
        if (!root.IsSome)
        {
            return;
        }

        if (IsFromSource(method) && !Types.HasNamedMutators(receiver.Type, collector.AllowedFor(receiver.Syntax.SyntaxTree)))
        {
            // Whether a method of the service's own types mutates its receiver is known at compilation end.
            if (root.State is { } state)
            {
                collector.AddDeferredCall(new DeferredCall(state, method.OriginalDefinition, new CodeContext(owner, inLambda), invocation.Syntax.GetLocation()));
            }
            else
            {
                (thisCalls ??= new List<IMethodSymbol>()).Add(method.OriginalDefinition);
            }

            return;
        }

        if (StaticStateTypes.InstanceMutators.Contains(method.Name)
            && Types.HasNamedMutators(receiver.Type, collector.AllowedFor(receiver.Syntax.SyntaxTree)))
        {
            Mutation(receiver, invocation, inLambda);
        }
    }

    private void StaticInvocation(IInvocationOperation invocation, IMethodSymbol method, bool inLambda)
    {
        if (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Private && IsFromSource(method))
        {
            collector.AddHelperUse(method, new CodeContext(owner, inLambda), invoked: true);
        }

        if (invocation.Arguments.IsDefaultOrEmpty)
        {
            return;
        }

        if (method.IsExtensionMethod)
        {
            if (StaticStateTypes.ExtensionMutators.Contains(method.Name) && FirstArgument(invocation) is { } first
                && Types.HasNamedMutators(Strip(first).Type, collector.AllowedFor(first.Syntax.SyntaxTree)))
            {
                Mutation(first, invocation, inLambda);
            }

            return;
        }

        INamedTypeSymbol? type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, Types.Array))
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (IsMutatedArrayParameter(method.Name, argument.Parameter?.Name) && argument.Parameter?.RefKind == RefKind.None)
                {
                    Mutation(argument.Value, invocation, inLambda);
                }
            }
        }
        else if (SymbolEqualityComparer.Default.Equals(type, Types.CollectionsMarshal)
            && method.Name is "GetValueRefOrAddDefault" or "SetCount"
            && FirstArgument(invocation) is { } collection)
        {
            Mutation(collection, invocation, inLambda);
        }
    }

    private static bool IsMutatedArrayParameter(string method, string? parameter) => method switch
    {
        "Clear" or "Fill" or "Reverse" => parameter == "array",
        "Sort" => parameter is "array" or "keys" or "items",
        "Copy" or "ConstrainedCopy" => parameter == "destinationArray",
        _ => false,
    };

    private static IOperation? FirstArgument(IInvocationOperation invocation)
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

    /// <summary>
    /// Follows member, indexer and element accesses (and local aliases) down to the static member or <c>this</c>
    /// whose state an expression reaches. Calls and object creations end the chain: they yield other objects.
    /// </summary>
    private Root ResolveRoot(IOperation? operation)
    {
        for (int hop = 0; operation is not null && hop < MaxChain; hop++)
        {
            operation = Strip(operation);
            switch (operation)
            {
                case IFieldReferenceOperation field:
                    if (field.Field.IsStatic)
                    {
                        return Root.Of(field.Field);
                    }

                    operation = field.Instance;
                    break;

                case IPropertyReferenceOperation property:
                    if (property.Property.IsStatic)
                    {
                        return Root.Of(property.Property);
                    }

                    operation = property.Instance;
                    break;

                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    break;

                case IImplicitIndexerReferenceOperation indexer:
                    operation = indexer.Instance;
                    break;

                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    return Root.This;

                case ILocalReferenceOperation local:
                    return aliases.TryGetValue(local.Local, out Root alias) ? alias : default;

                default:
                    return default;
            }
        }

        return default;
    }

    private void FindGetterAlias(IPropertySymbol property, ImmutableArray<IOperation> blocks)
    {
        // "static List<T> Items => _items;" lets callers mutate _items through the property.
        if (blocks.Length != 1 || blocks[0] is not IBlockOperation { Operations.Length: 1 } body
            || body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            return;
        }

        IOperation value = Strip(returned);
        if (value is ICoalesceAssignmentOperation coalesce)
        {
            value = Strip(coalesce.Target);
        }

        if (value is IFieldReferenceOperation { Field.IsStatic: true } field)
        {
            collector.AddGetterAlias(property, field.Field);
        }
    }

    private static IOperation Strip(IOperation operation)
    {
        for (int i = 0; i < MaxChain; i++)
        {
            switch (operation)
            {
                case IConversionOperation { Operand: { } operand } conversion when !conversion.Conversion.IsUserDefined:
                    operation = operand;
                    continue;
                case IParenthesizedOperation { Operand: { } inner }:
                    operation = inner;
                    continue;
            }

            break;
        }

        return operation;
    }

    private static bool IsFromSource(IMethodSymbol method)
    {
        foreach (Location location in method.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What an expression's state belongs to: a static member, this instance, or nothing known.</summary>
    private readonly struct Root
    {
        private Root(ISymbol? state, bool isThis)
        {
            State = state;
            IsThis = isThis;
        }

        internal static Root This => new(null, true);

        internal ISymbol? State { get; }

        internal bool IsThis { get; }

        internal bool IsSome => State is not null || IsThis;

        internal static Root Of(ISymbol state) => new(state, false);
    }
}
