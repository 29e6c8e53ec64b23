using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.StaticState;

/// <summary>
/// Feeds the <see cref="StaticStateCollector"/> from operation actions on the kinds of operation that can write
/// state (assignments, increments, ref arguments and locals, ref returns, calls, creations, method groups), so the
/// driver's single walk of each body is the only one. Each callback rejects in O(1) when its operation cannot touch
/// state (a local assigned, a call of a library method that is no known mutator), and only then resolves what the
/// written expression belongs to. The aliases of a body's locals (<c>var list = Cache[key]; list.Add(x);</c>) are
/// collected once per body, the first time a candidate there reaches a local.
/// </summary>
internal sealed class StaticStateOperations
{
    private const int MaxChain = 32;
    private const int MaxDepth = 400;

    private static readonly string[] CopyMethods = { "CopyTo", "TryCopyTo", "BlockCopy" };

    private readonly StaticStateCollector collector;
    private readonly IAssemblySymbol assembly;

    // One look-up of a called method's name instead of one per name set.
    private readonly Dictionary<string, NameKinds> nameKinds = new(StringComparer.Ordinal);

    // Whether an assembly can hold source at all (a metadata reference cannot): decided once per assembly.
    private readonly RecentFirstMemo<IAssemblySymbol, bool> assemblyHasSource = new(Memo.ForSymbols<IAssemblySymbol, bool>(HasSourceLocation));
    // The driver runs one analyzer's operation actions for a body one after another on one thread: the map of the
    // body last seen on this thread is the one asked for, without a shared table (and its lock) per body.
    private readonly ThreadLocal<AliasMap?> lastAliasMap = new();

    internal StaticStateOperations(StaticStateCollector collector, Compilation compilation)
    {
        this.collector = collector;
        assembly = compilation.Assembly;
        AddNames(StaticStateTypes.InstanceMutators, NameKinds.InstanceMutator);
        AddNames(StaticStateTypes.ExtensionMutators, NameKinds.ExtensionMutator);
        AddNames(CopyMethods, NameKinds.Copy);

        void AddNames(IEnumerable<string> names, NameKinds kind)
        {
            foreach (string name in names)
            {
                nameKinds[name] = nameKinds.TryGetValue(name, out NameKinds kinds) ? kinds | kind : kind;
            }
        }
    }

    [Flags]
    private enum NameKinds
    {
        None = 0,
        InstanceMutator = 1,
        ExtensionMutator = 2,
        Copy = 4,
    }

    private StaticStateTypes Types => collector.Types;

    internal void Register(CompilationStartAnalysisContext context)
    {
        context.RegisterOperationAction(OnSimpleAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(OnCompoundAssignment, OperationKind.CompoundAssignment);
        context.RegisterOperationAction(OnCoalesceAssignment, OperationKind.CoalesceAssignment);
        context.RegisterOperationAction(OnIncrementOrDecrement, OperationKind.Increment, OperationKind.Decrement);
        context.RegisterOperationAction(OnDeconstruction, OperationKind.DeconstructionAssignment);
        context.RegisterOperationAction(OnArgument, OperationKind.Argument);
        context.RegisterOperationAction(OnDeclarator, OperationKind.VariableDeclarator);
        context.RegisterOperationAction(OnReturn, OperationKind.Return);
        context.RegisterOperationAction(OnInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(OnObjectCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(OnMethodReference, OperationKind.MethodReference);
        context.RegisterOperationAction(OnInitializer, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
    }

    private void OnSimpleAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;

        // "r = ref _field" hands out a writable reference; otherwise the target is written.
        IOperation target = assignment.IsRef ? assignment.Value : assignment.Target;
        if (IsWriteTarget(target) && (assignment.IsRef || !IsGuardedLazyInitialization(assignment)))
        {
            Write(new Scope(this, context), target);
        }
    }

    private void OnCompoundAssignment(OperationAnalysisContext context)
    {
        IOperation target = ((ICompoundAssignmentOperation)context.Operation).Target;
        if (IsWriteTarget(target))
        {
            Write(new Scope(this, context), target);
        }
    }

    private void OnCoalesceAssignment(OperationAnalysisContext context)
    {
        var coalesce = (ICoalesceAssignmentOperation)context.Operation;
        if (IsWriteTarget(coalesce.Target) && !IsLazyValue(coalesce.Value))
        {
            Write(new Scope(this, context), coalesce.Target);
        }
    }

    private void OnIncrementOrDecrement(OperationAnalysisContext context)
    {
        IOperation target = ((IIncrementOrDecrementOperation)context.Operation).Target;
        if (IsWriteTarget(target))
        {
            Write(new Scope(this, context), target);
        }
    }

    private void OnDeconstruction(OperationAnalysisContext context) =>
        WriteTuple(new Scope(this, context), ((IDeconstructionAssignmentOperation)context.Operation).Target, 0);

    private void OnArgument(OperationAnalysisContext context)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out } && IsWriteTarget(argument.Value) && IsWritableByRef(argument))
        {
            Write(new Scope(this, context), argument.Value);
        }
    }

    private void OnDeclarator(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        if (declarator.Initializer is { } initializer && declarator.Symbol.RefKind == RefKind.Ref && IsWriteTarget(initializer.Value))
        {
            Write(new Scope(this, context), initializer.Value);
        }
    }

    private void OnReturn(OperationAnalysisContext context)
    {
        var operation = (IReturnOperation)context.Operation;
        if (operation.ReturnedValue is not { } returned || context.ContainingSymbol is not IMethodSymbol method)
        {
            return;
        }

        if (method.ReturnsByRef && IsWriteTarget(returned))
        {
            var scope = new Scope(this, context);
            if (!scope.InLambda)
            {
                Write(scope, returned);
            }
        }

        if (method is { MethodKind: MethodKind.PropertyGet, IsStatic: true, AssociatedSymbol: IPropertySymbol property })
        {
            FindGetterAlias(property, operation, returned);
        }
    }

    private void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        string name = method.Name;
        nameKinds.TryGetValue(name, out NameKinds kinds);
        bool isInstanceMutator = (kinds & NameKinds.InstanceMutator) != 0;
        bool isExtensionMutator = (kinds & NameKinds.ExtensionMutator) != 0;
        bool isCopy = (kinds & NameKinds.Copy) != 0;
        bool fromSource = IsFromSource(method);
        if (!fromSource && !isInstanceMutator && !isCopy
            && !(method.IsStatic && (isExtensionMutator || IsArrayOrCollectionsMarshal(method.ContainingType))))
        {
            return;
        }

        var scope = new Scope(this, context);
        if (isCopy)
        {
            // source.CopyTo(array, 0), Buffer.BlockCopy(src, 0, dst, 0, n): the destination is written.
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is { Name: "array" or "destination" or "dst", RefKind: RefKind.None })
                {
                    Mutation(scope, argument.Value, invocation);
                }
            }
        }

        if (fromSource)
        {
            // State handed to a method of the service's own code: it changes it if that parameter is changed there.
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.None } parameter && parameter.Type.IsReferenceType)
                {
                    Root passed = ResolveRoot(scope, argument.Value);
                    if (passed.IsSome)
                    {
                        Pass(scope, passed, new Slot(method.OriginalDefinition, parameter.Ordinal), invocation);
                    }
                }
            }
        }

        if (method.IsStatic)
        {
            StaticInvocation(scope, invocation, method, fromSource, isExtensionMutator);
            return;
        }

        if (invocation.Instance is not { } receiver)
        {
            return;
        }

        Root root = ResolveRoot(scope, receiver);
        if (!root.IsSome)
        {
            return;
        }

        if (fromSource && !Types.HasNamedMutators(receiver.Type, collector.AllowedFor(receiver.Syntax.SyntaxTree)))
        {
            // Whether a method of the service's own types mutates its receiver is known at compilation end.
            Pass(scope, root, new Slot(method.OriginalDefinition, Slot.ReceiverSlot), invocation);
            return;
        }

        if (isInstanceMutator && Types.HasNamedMutators(receiver.Type, collector.AllowedFor(receiver.Syntax.SyntaxTree)))
        {
            Mutation(scope, receiver, invocation);
        }
    }

    private void OnObjectCreation(OperationAnalysisContext context)
    {
        if (context.Operation is not IObjectCreationOperation { Constructor: { } constructor, Type: INamedTypeSymbol created } || !IsFromSource(constructor))
        {
            return;
        }

        var scope = new Scope(this, context);
        bool duringStaticInit = !scope.InLambda
            && scope.Owner is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } or IMethodSymbol { MethodKind: MethodKind.StaticConstructor };
        collector.Creations.Add((created.OriginalDefinition, duringStaticInit));
    }

    private void OnMethodReference(OperationAnalysisContext context)
    {
        // A method group becomes a delegate that may run at any time.
        IMethodSymbol method = ((IMethodReferenceOperation)context.Operation).Method;
        if (method is { IsStatic: true, DeclaredAccessibility: Accessibility.Private, MethodKind: MethodKind.Ordinary })
        {
            collector.AddHelperUse(method, new Scope(this, context).Context, invoked: false);
        }
    }

    private void OnInitializer(OperationAnalysisContext context)
    {
        ISymbol owner = context.ContainingSymbol;
        if (owner is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true }
            && context.Operation is ISymbolInitializerOperation { Parent: null, Value: { } value }
            && Strip(value) is IObjectCreationOperation { Type: INamedTypeSymbol created })
        {
            collector.CreatedTypes.TryAdd(owner.OriginalDefinition, created);
        }
    }

    /// <summary>Whether <see cref="Write"/> can record anything for <paramref name="target"/>: a member, element or indexer access.</summary>
    private static bool IsWriteTarget(IOperation target) =>
        Strip(target).Kind is OperationKind.FieldReference or OperationKind.PropertyReference or OperationKind.ArrayElementReference or OperationKind.ImplicitIndexerReference;

    private bool IsArrayOrCollectionsMarshal(INamedTypeSymbol? type) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type, Types.Array) || SymbolEqualityComparer.Default.Equals(type, Types.CollectionsMarshal));

    /// <summary>
    /// <c>if (_x == null) _x = new X();</c> (also <c>is null</c>, and inside double-checked locking): a one-time
    /// lazy initialization like <c>Lazy&lt;T&gt;</c>, when the value depends on nothing the caller passes in.
    /// </summary>
    private static bool IsGuardedLazyInitialization(ISimpleAssignmentOperation assignment)
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
    private static bool IsLazyValue(IOperation value)
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

    private void WriteTuple(Scope scope, IOperation target, int depth)
    {
        if (depth > MaxChain)
        {
            return;
        }

        if (Strip(target) is ITupleOperation tuple)
        {
            foreach (IOperation element in tuple.Elements)
            {
                WriteTuple(scope, element, depth + 1);
            }
        }
        else if (IsWriteTarget(target))
        {
            Write(scope, target);
        }
    }

    /// <summary>Records a write to <paramref name="target"/>: the static member itself, or state reached through it.</summary>
    private void Write(Scope scope, IOperation target)
    {
        IOperation stripped = Strip(target);
        switch (stripped)
        {
            case IFieldReferenceOperation { Field.IsStatic: true } field:
                collector.AddWrite(field.Field, StateAccess.Assign, scope.Context, stripped.Syntax.GetLocation());
                return;

            case IPropertyReferenceOperation { Property.IsStatic: true } property:
                collector.AddWrite(property.Property, StateAccess.SetterCall, scope.Context, stripped.Syntax.GetLocation());
                return;

            case IFieldReferenceOperation { Instance: { } instance }:
                Mutation(scope, instance, stripped);
                return;

            case IPropertyReferenceOperation { Instance: { } instance }:
                Mutation(scope, instance, stripped);
                return;

            case IArrayElementReferenceOperation element:
                Mutation(scope, element.ArrayReference, stripped);
                return;

            case IImplicitIndexerReferenceOperation indexer:
                Mutation(scope, indexer.Instance, stripped);
                return;
        }
    }

    /// <summary>The state that <paramref name="receiver"/> belongs to is changed at <paramref name="at"/>.</summary>
    private void Mutation(Scope scope, IOperation receiver, IOperation at)
    {
        Root root = ResolveRoot(scope, receiver);
        if (root.State is { } state)
        {
            collector.AddWrite(state, StateAccess.Mutate, scope.Context, at.Syntax.GetLocation());
        }
        else if (root.OwnSlot is int slot && scope.OwnerMethod is { } method)
        {
            collector.AddMutatedSlot(method, slot);
        }
    }

    private void StaticInvocation(Scope scope, IInvocationOperation invocation, IMethodSymbol method, bool fromSource, bool isExtensionMutator)
    {
        if (fromSource && method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Private)
        {
            collector.AddHelperUse(method, scope.Context, invoked: true);
        }

        if (invocation.Arguments.IsDefaultOrEmpty)
        {
            return;
        }

        if (method.IsExtensionMethod)
        {
            if (isExtensionMutator && FirstArgument(invocation) is { } first
                && Types.HasNamedMutators(Strip(first).Type, collector.AllowedFor(first.Syntax.SyntaxTree)))
            {
                Mutation(scope, first, invocation);
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
                    Mutation(scope, argument.Value, invocation);
                }
            }
        }
        else if (SymbolEqualityComparer.Default.Equals(type, Types.CollectionsMarshal)
            && method.Name is "GetValueRefOrAddDefault" or "SetCount"
            && FirstArgument(invocation) is { } collection)
        {
            Mutation(scope, collection, invocation);
        }
    }

    private void Pass(Scope scope, Root root, Slot callee, IOperation at)
    {
        if (root.State is { } state)
        {
            collector.AddDeferredCall(new DeferredCall(state, callee, scope.Context, at.Syntax.GetLocation()));
        }
        else if (root.OwnSlot is int own && scope.OwnerMethod is { } method)
        {
            collector.AddPass(method, own, callee);
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

    private Root ResolveRoot(Scope scope, IOperation? operation) => ResolveRoot(operation, scope.OwnerMethod, scope);

    /// <summary>
    /// Follows member, indexer and element accesses (and local aliases) down to the static member or <c>this</c>
    /// whose state an expression reaches. Calls and object creations end the chain: they yield other objects.
    /// </summary>
    private static Root ResolveRoot(IOperation? operation, IMethodSymbol? ownerMethod, IAliases aliases)
    {
        for (int hop = 0; operation is not null && hop < MaxChain; hop++)
        {
            operation = Strip(operation);
            if (operation.Kind is not (OperationKind.FieldReference or OperationKind.PropertyReference or OperationKind.ArrayElementReference
                or OperationKind.ImplicitIndexerReference or OperationKind.InstanceReference or OperationKind.LocalReference
                or OperationKind.ParameterReference))
            {
                return default;
            }

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
                    // Construction is not mutation: a constructor filling its own object changes nobody's state.
                    return ownerMethod is { IsStatic: false, MethodKind: not MethodKind.Constructor } ? Root.This : default;

                case ILocalReferenceOperation local:
                    // Only locals of reference type are ever aliases.
                    return local.Local.Type is { IsReferenceType: true } && aliases.TryGet(local, out Root alias) ? alias : default;

                case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None, Type.IsReferenceType: true } parameter }
                    when ownerMethod is not null && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, ownerMethod):
                    return Root.Parameter(parameter.Ordinal);

                default:
                    return default;
            }
        }

        return default;
    }

    private void FindGetterAlias(IPropertySymbol property, IReturnOperation operation, IOperation returned)
    {
        // "static List<T> Items => _items;" lets callers mutate _items through the property: the getter's body is
        // that one return.
        if (operation.Parent is not IBlockOperation { Operations.Length: 1 } body
            || body.Parent is not (null or IMethodBodyOperation { BlockBody: null } or IMethodBodyOperation { ExpressionBody: null }))
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
            if (operation.Kind is not (OperationKind.Conversion or OperationKind.Parenthesized))
            {
                break;
            }

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

    private bool IsFromSource(IMethodSymbol method)
    {
        // The compilation's own methods are declared in its source, a metadata reference's never: no need to ask
        // each method for its locations.
        IAssemblySymbol? containing = method.ContainingAssembly;
        if (ReferenceEquals(containing, assembly))
        {
            return true;
        }

        if (containing is not null)
        {
            if (!assemblyHasSource.Get(containing))
            {
                return false;
            }
        }

        foreach (Location location in method.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSourceLocation(IAssemblySymbol assembly)
    {
        foreach (IModuleSymbol module in assembly.Modules)
        {
            foreach (Location location in module.Locations)
            {
                if (location.IsInSource)
                {
                    return true;
                }
            }
        }

        foreach (Location location in assembly.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The aliases of the locals of the body holding <paramref name="operation"/>, collected on first use.</summary>
    private AliasMap AliasesOf(IOperation root, IMethodSymbol? ownerMethod)
    {
        AliasMap? map = lastAliasMap.Value;
        if (map is null || !ReferenceEquals(map.BodyRoot, root))
        {
            map = AliasMap.Build(this, root, ownerMethod);
            lastAliasMap.Value = map;
        }

        return map;
    }

    /// <summary>Where local aliases come from while resolving a root.</summary>
    private interface IAliases
    {
        bool TryGet(ILocalReferenceOperation local, out Root root);
    }

    /// <summary>
    /// One candidate operation: the member whose code it is, whether it sits in a lambda, and (on demand) the
    /// aliases of its body's locals.
    /// </summary>
    private sealed class Scope : IAliases
    {
        private readonly StaticStateOperations owner;
        private readonly IOperation operation;
        private IOperation? root;
        private bool inLambda;
        private AliasMap? aliases;

        internal Scope(StaticStateOperations owner, OperationAnalysisContext context)
        {
            this.owner = owner;
            operation = context.Operation;
            Owner = context.ContainingSymbol;
            OwnerMethod = Owner as IMethodSymbol;
        }

        internal ISymbol Owner { get; }

        internal IMethodSymbol? OwnerMethod { get; }

        /// <summary>
        /// Inside a lambda or anonymous method, which may run long after initialization. Local functions are not
        /// counted: they run only when their enclosing member calls them.
        /// </summary>
        internal bool InLambda
        {
            get
            {
                FindRoot();
                return inLambda;
            }
        }

        internal CodeContext Context => new(Owner, InLambda);

        public bool TryGet(ILocalReferenceOperation local, out Root root)
        {
            aliases ??= owner.AliasesOf(FindRoot(), OwnerMethod);
            return aliases.TryGet(local, out root);
        }

        private IOperation FindRoot()
        {
            if (root is null)
            {
                IOperation current = operation;
                for (int depth = 0; current.Parent is { } parent && depth < 100_000; depth++)
                {
                    inLambda |= parent is IAnonymousFunctionOperation;
                    current = parent;
                }

                root = current;
            }

            return root;
        }
    }

    /// <summary>
    /// The locals of one body that stand for state: <c>var list = Cache[key];</c>, <c>Cache.TryGetValue(k, out var
    /// list)</c>, <c>Cache[key] is List&lt;int&gt; list</c>, <c>foreach (var list in Cache.Values)</c>. A local is an
    /// alias only if every value it is given comes from the same state: one fresh object assigned to it anywhere in
    /// the body makes its mutations ambiguous, so it is dropped for good.
    /// </summary>
    private sealed class AliasMap : IAliases
    {
        private readonly StaticStateOperations operations;
        private readonly IMethodSymbol? ownerMethod;
        private readonly Dictionary<ILocalSymbol, Root> aliases = new(SymbolEqualityComparer.Default);
        private HashSet<ILocalSymbol>? poisoned;

        private AliasMap(StaticStateOperations operations, IOperation root, IMethodSymbol? ownerMethod)
        {
            this.operations = operations;
            BodyRoot = root;
            this.ownerMethod = ownerMethod;
        }

        /// <summary>The root of the body whose locals this map describes.</summary>
        internal IOperation BodyRoot { get; }

        internal static AliasMap Build(StaticStateOperations operations, IOperation root, IMethodSymbol? ownerMethod)
        {
            var map = new AliasMap(operations, root, ownerMethod);
            map.Collect(root, 0);
            return map;
        }

        public bool TryGet(ILocalReferenceOperation local, out Root root) => aliases.TryGetValue(local.Local, out root);

        private void Collect(IOperation operation, int depth)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            OperationKind kind = operation.Kind;
            if (kind is not (OperationKind.VariableDeclarator or OperationKind.SimpleAssignment or OperationKind.Invocation
                or OperationKind.IsPattern or OperationKind.Loop))
            {
                foreach (IOperation child in operation.ChildOperations)
                {
                    Collect(child, depth + 1);
                }

                return;
            }

            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer: { } initializer } declarator
                    when declarator.Symbol is { RefKind: RefKind.None, Type.IsReferenceType: true }:
                    Add(declarator.Symbol, initializer.Value);
                    break;

                case ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation local } assignment
                    when local.Local is { RefKind: RefKind.None, Type.IsReferenceType: true }:
                    Add(local.Local, assignment.Value);
                    break;

                case IInvocationOperation { Instance: { } instance } invocation:
                    // _cache.TryGetValue(key, out var list): the out value is an element of the state.
                    // Only collections and caches hand out their elements this way; TryParse-like methods create new objects.
                    if (HasOutArgument(invocation))
                    {
                        StaticStateCollector collector = operations.collector;
                        Root root = collector.Types.HasNamedMutators(instance.Type, collector.AllowedFor(instance.Syntax.SyntaxTree))
                            ? ResolveRoot(instance, ownerMethod, this)
                            : default;
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
                    }

                    break;

                case IIsPatternOperation { Pattern: IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol { Type.IsReferenceType: true } declared } } pattern:
                    // "if (Cache[key] is List<int> list) list.Add(x);"
                    Add(declared, pattern.Value);
                    break;

                case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation variable } loop
                    when variable.Symbol is { Type.IsReferenceType: true }:
                    Root items = ResolveRoot(loop.Collection, ownerMethod, this);
                    if (items.IsSome)
                    {
                        aliases[variable.Symbol] = items;
                    }

                    break;
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                Collect(child, depth + 1);
            }
        }

        private static bool HasOutArgument(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind == RefKind.Out)
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(ILocalSymbol local, IOperation value)
        {
            if (poisoned?.Contains(local) == true)
            {
                return;
            }

            Root root = ResolveRoot(value, ownerMethod, this);
            if (root.IsSome && (!aliases.TryGetValue(local, out Root existing) || existing.Equals(root)))
            {
                aliases[local] = root;
            }
            else
            {
                aliases.Remove(local);
                (poisoned ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(local);
            }
        }

        private static ILocalSymbol? OutLocal(IOperation value) => Strip(value) switch
        {
            IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local } => local.Local,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
    }

    /// <summary>What an expression's state belongs to: a static member, this instance, a parameter, or nothing known.</summary>
    private readonly struct Root
    {
        private Root(ISymbol? state, int? ownSlot)
        {
            State = state;
            OwnSlot = ownSlot;
        }

        internal static Root This => new(null, Slot.ReceiverSlot);

        internal ISymbol? State { get; }

        /// <summary>The owner's receiver (<see cref="Slot.ReceiverSlot"/>) or parameter ordinal.</summary>
        internal int? OwnSlot { get; }

        internal bool IsSome => State is not null || OwnSlot is not null;

        internal static Root Of(ISymbol state) => new(state, null);

        internal static Root Parameter(int ordinal) => new(null, ordinal);

        internal bool Equals(Root other) => OwnSlot == other.OwnSlot && SymbolEqualityComparer.Default.Equals(State, other.State);
    }
}
