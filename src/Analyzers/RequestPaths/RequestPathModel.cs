using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.RequestPaths;

/// <summary>
/// The request-path model of one compilation, shared by the families that care whether code serves a request
/// (ND1 blocking calls, ND3 cancellation).
/// <para>
/// Use: in a compilation-start action, <see cref="Create"/> the model (null in a test project), call
/// <see cref="Register"/>, and at compilation end ask <see cref="PathsTo"/> for the functions of interest: each
/// one reachable from an entry point knows one shortest path to it. While typing (operation or block actions), use
/// <see cref="EntryPointOf(IOperation, ISymbol)"/> to ask whether the code is inside an entry point itself.
/// </para>
/// Call edges (methods, local functions, lambdas, property accessors, constructors) are collected by operation
/// actions, override edges from method symbols; reachability is computed once, for the functions asked about, in
/// time linear in the number of edges. Calls no operation shows (interface dispatch to implementations in this
/// compilation, constructors of the types whose methods run) are found from symbols, only for the functions that
/// can reach one the search is for (see <see cref="ImplicitCalls"/>). User-defined operators and
/// conversions are not followed: they almost never do I/O, and every binary operation and implicit conversion
/// of a program would otherwise cost a callback.
/// </summary>
internal sealed class RequestPathModel
{
    private readonly Compilation compilation;
    private readonly PerThreadBuffer<(FunctionKey From, FunctionKey To)> edges = new();
    private readonly PerThreadBuffer<(FunctionKey Function, EntryPoint Entry)> entries = new();
    private readonly PerThreadBuffer<(FunctionKey Function, string Name)> localFunctionNames = new();
    private readonly PerThreadBuffer<INamedTypeSymbol> constructedTypes = new();
    private readonly PerThreadBuffer<INamedTypeSymbol> implementingTypes = new();
    private readonly PerThreadBuffer<(INamedTypeSymbol Type, FunctionKey Constructor)> instanceConstructors = new();
    private readonly PerThreadBuffer<INamedTypeSymbol> typesCreatedAtStartup = new();
    private readonly PerThreadBuffer<(FunctionKey From, IPropertySymbol Property, bool Reads, bool Writes)> propertyAccesses = new();
    private readonly Lazy<bool> propertyEdgesAdded;
    private readonly Lazy<EntryPointDetector> entryPoints;

    private RequestPathModel(Compilation compilation, AnalyzerOptions options)
    {
        this.compilation = compilation;
        propertyEdgesAdded = new Lazy<bool>(AddPropertyEdges, LazyThreadSafetyMode.ExecutionAndPublication);
        entryPoints = new Lazy<EntryPointDetector>(() => EntryPointDetector.For(compilation, options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    internal NoDowntimeOptions<RequestPathOptions> Options => EntryPoints.Options;

    /// <summary>The compilation's entry-point detector (shared with the other analyzers), resolved on first use.</summary>
    internal EntryPointDetector EntryPoints => entryPoints.Value;

    /// <summary>
    /// Reachability from the entry points to <paramref name="targets"/>, with one shortest path to each reached
    /// target. Ask only in compilation-end actions, after every block has been collected.
    /// </summary>
    internal RequestPathGraph PathsTo(IEnumerable<FunctionKey> targets)
    {
        var entryPoints = new Dictionary<FunctionKey, EntryPoint>();
        foreach (var (function, entry) in entries)
        {
            // A method group registered twice (two routes) is one entry point.
            if (!entryPoints.ContainsKey(function))
            {
                entryPoints.Add(function, entry);
            }
        }

        _ = propertyEdgesAdded.Value;
        return RequestPathGraph.Build(edges, entryPoints, LocalFunctionNames(), targets, new ImplicitCalls(this));
    }

    /// <summary>A model for the compilation, or null when nothing in it is a request path (a test project).</summary>
    internal static RequestPathModel? Create(Compilation compilation, AnalyzerOptions options) =>
        TestProjects.IsTestProject(compilation) ? null : new RequestPathModel(compilation, options);

    /// <summary>
    /// Registers the actions that collect entry points and call edges. An analyzer that has operation actions of
    /// its own may instead call the <c>Analyze*</c> handlers from them (one callback per operation instead of two).
    /// </summary>
    internal void Register(CompilationStartAnalysisContext context)
    {
        context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);

        // Call edges come from operation actions: the driver walks each tree once for every analyzer, and each
        // callback leaves at once unless its target can have a body in this compilation.
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeObjectCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(AnalyzeMethodReference, OperationKind.MethodReference);
        context.RegisterOperationAction(AnalyzePropertyReference, OperationKind.PropertyReference);
        context.RegisterOperationAction(AnalyzeAnonymousFunction, OperationKind.AnonymousFunction);
        context.RegisterOperationAction(AnalyzeLocalFunction, OperationKind.LocalFunction);
    }

    /// <summary>
    /// Start-up code: <c>Main</c> and top-level statements. They are not entry points; code they alone reach
    /// (migrations, seeding before <c>app.Run()</c>) is not on a request path.
    /// </summary>
    internal static bool IsStartupCode(ISymbol? owningSymbol) =>
        owningSymbol is IMethodSymbol { IsStatic: true, Name: "Main" or "<Main>$" };

    /// <summary>
    /// The entry point that the code at <paramref name="operation"/> is directly inside, found without the
    /// graph: the nearest enclosing lambda that is a handler or inline middleware, or the owning member.
    /// Lambdas inside start-up code that are not handlers return null.
    /// </summary>
    internal EntryPoint? EntryPointOf(IOperation operation, ISymbol? owningSymbol)
    {
        for (IOperation? current = operation; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation function && EntryPoints.ForAnonymousFunction(function) is { } entry)
            {
                return entry;
            }
        }

        return owningSymbol is IMethodSymbol method ? EntryPoints.ForMethod(method) : null;
    }

    internal void AnalyzeMethod(SymbolAnalysisContext context)
    {
        if (context.Symbol is not IMethodSymbol method)
        {
            return;
        }

        if (EntryPoints.ForMethodAskedOnce(method) is { } entry && FunctionKey.For(method) is { } key)
        {
            entries.Add((key, entry));
            if (entry.Kind is EntryPointKind.Middleware or EntryPointKind.BackgroundService or EntryPointKind.HostedService && !method.IsStatic)
            {
                typesCreatedAtStartup.Add(method.ContainingType);
            }
        }

        if (method is { MethodKind: MethodKind.Constructor, IsStatic: false } && FunctionKey.For(method) is { } constructorKey)
        {
            instanceConstructors.Add((method.ContainingType, constructorKey));
        }

        if (method.IsOverride && FunctionKey.For(method) is { } implementation)
        {
            // A call to any method this one overrides may land here.
            int guard = 0;
            for (IMethodSymbol? overridden = method.OverriddenMethod; overridden is not null && guard++ < 32; overridden = overridden.OverriddenMethod)
            {
                if (FunctionKey.For(overridden) is { } baseKey)
                {
                    edges.Add((baseKey, implementation));
                }
            }
        }
    }

    internal void AnalyzeType(SymbolAnalysisContext context)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type)
        {
            return;
        }

        if (type.TypeKind == TypeKind.Class && !type.IsStatic && !type.IsAbstract)
        {
            // Constructor edges are added when the walk back from the targets reaches a constructor.
            constructedTypes.Add(type);
        }

        if (!type.AllInterfaces.IsEmpty)
        {
            // Interface edges are added when the walk back from the targets reaches one of its methods, or a method of a
            // base type that may implement one.
            implementingTypes.Add(type);
        }
    }

    private Dictionary<FunctionKey, string> LocalFunctionNames()
    {
        var names = new Dictionary<FunctionKey, string>();
        foreach (var (function, name) in localFunctionNames)
        {
            names[function] = name;
        }

        return names;
    }

    internal void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        AddCall(invocation, context.ContainingSymbol, invocation.TargetMethod);
        if (!EntryPointDetector.MayRegisterDelegates(invocation.TargetMethod) || !HasOwner(context.ContainingSymbol))
        {
            return;
        }

        var found = new List<(IOperation Target, EntryPoint Entry)>();
        EntryPoints.ForInvocation(invocation, found);
        foreach (var (target, entry) in found)
        {
            FunctionKey? key = target switch
            {
                IAnonymousFunctionOperation lambda => FunctionKey.For(lambda.Syntax),
                IMethodReferenceOperation reference => FunctionKey.For(reference.Method),
                _ => null,
            };
            if (key is { } k)
            {
                entries.Add((k, entry));
            }
        }
    }

    internal void AnalyzeObjectCreation(OperationAnalysisContext context) =>
        AddCall(context.Operation, context.ContainingSymbol, ((IObjectCreationOperation)context.Operation).Constructor);

    internal void AnalyzeMethodReference(OperationAnalysisContext context) =>
        AddCall(context.Operation, context.ContainingSymbol, ((IMethodReferenceOperation)context.Operation).Method);

    internal void AnalyzeAnonymousFunction(OperationAnalysisContext context)
    {
        var function = (IAnonymousFunctionOperation)context.Operation;
        FunctionKey key = FunctionKey.For(function.Syntax);
        AddEdges(function, context.ContainingSymbol, key);
        if (HasOwner(context.ContainingSymbol) && function.Parent is IDelegateCreationOperation { Type.Name: "RequestDelegate" } creation
            && EntryPoints.IsRequestDelegate(creation)
            && EntryPoints.ForAnonymousFunction(function) is { } entry)
        {
            entries.Add((key, entry));
        }
    }

    internal void AnalyzeLocalFunction(OperationAnalysisContext context)
    {
        var localFunction = (ILocalFunctionOperation)context.Operation;
        if (HasOwner(context.ContainingSymbol))
        {
            localFunctionNames.Add((FunctionKey.For(localFunction.Syntax), localFunction.Symbol.Name));
        }
    }

    internal void AnalyzePropertyReference(OperationAnalysisContext context)
    {
        if (!HasOwner(context.ContainingSymbol))
        {
            return;
        }

        var reference = (IPropertyReferenceOperation)context.Operation;
        IOperation? parent = reference.Parent;

        // Kind tests before type tests: this runs for every property access of the program.
        OperationKind parentKind = parent?.Kind ?? OperationKind.None;
        bool isWrite = parentKind is OperationKind.SimpleAssignment or OperationKind.DeconstructionAssignment
            && ((IAssignmentOperation)parent!).Target == reference;
        bool isReadWrite = parentKind is OperationKind.CompoundAssignment or OperationKind.Increment or OperationKind.Decrement
            or OperationKind.CoalesceAssignment;
        bool reads = !isWrite || isReadWrite;
        bool writes = isWrite || isReadWrite;

        // Whether the accessors run code of the program (most are auto-properties') is decided at compilation end,
        // in one loop over the accesses: asked here, the table look-up per access missed the processor's caches.
        IPropertySymbol property = reference.Property.OriginalDefinition;
        if (FunctionKey.Enclosing(reference, context.ContainingSymbol) is { } from)
        {
            propertyAccesses.Add((from, property, reads, writes));
        }
        else if (FunctionKey.InitializerConstructors(context.ContainingSymbol) is { } constructors)
        {
            foreach (FunctionKey constructor in constructors)
            {
                propertyAccesses.Add((constructor, property, reads, writes));
            }
        }
    }

    /// <summary>
    /// The edges of the property accesses into the accessors that run code of the program; added once, on one thread,
    /// deciding each property once (keys are definitions, one object each).
    /// </summary>
    private bool AddPropertyEdges()
    {
        var byProperty = new Dictionary<IPropertySymbol, AccessorNodes>(IdentityComparer<IPropertySymbol>.Instance);
        foreach (var (from, property, reads, writes) in propertyAccesses)
        {
            if (!byProperty.TryGetValue(property, out AccessorNodes? nodes))
            {
                byProperty.Add(property, nodes = AccessorNodesOf(property));
            }

            if (reads && nodes.Getter is { } getter)
            {
                edges.Add((from, getter));
            }

            if (writes && nodes.Setter is { } setter)
            {
                edges.Add((from, setter));
            }
        }

        return true;
    }

    private AccessorNodes AccessorNodesOf(IPropertySymbol property)
    {
        FunctionKey? getter = AccessorNode(property.GetMethod);
        FunctionKey? setter = AccessorNode(property.SetMethod);
        return getter is null && setter is null ? AccessorNodes.None : new AccessorNodes(getter, setter);
    }

    /// <summary>
    /// The graph node of an accessor that can run code of the program: not an auto-property's accessor, nor a
    /// framework accessor that dispatches to none.
    /// </summary>
    private FunctionKey? AccessorNode(IMethodSymbol? accessor)
    {
        if (accessor is null)
        {
            return null;
        }

        bool dispatched = accessor.IsVirtual || accessor.IsAbstract || accessor.IsOverride;
        bool here = SymbolEqualityComparer.Default.Equals(accessor.ContainingAssembly, compilation.Assembly);
        if ((here && !dispatched && IsAutoAccessor(accessor))
            || (!here && !dispatched && accessor.ContainingType?.TypeKind != TypeKind.Interface))
        {
            return null;
        }

        return FunctionKey.For(accessor);
    }

    private static bool IsAutoAccessor(IMethodSymbol accessor)
    {
        // Asked once per property. DeclaringSyntaxReferences allocates a small array, which measured
        // far cheaper than finding the accessor's token from its location.
        ImmutableArray<SyntaxReference> references = accessor.DeclaringSyntaxReferences;
        foreach (SyntaxReference reference in references)
        {
            if (reference.GetSyntax() is not AccessorDeclarationSyntax { Body: null, ExpressionBody: null })
            {
                return false;
            }
        }

        return !references.IsEmpty;
    }

    /// <summary>
    /// Code is collected when it belongs to a function of the graph: a method, or an instance initializer (which
    /// runs in the instance constructors). Static initializers belong to no function.
    /// </summary>
    private static bool HasOwner(ISymbol? owningSymbol) => owningSymbol switch
    {
        IMethodSymbol => true,
        IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false } => owningSymbol.ContainingType is { } type && !type.InstanceConstructors.IsEmpty,
        _ => false,
    };

    private void AddCall(IOperation operation, ISymbol owningSymbol, IMethodSymbol? target)
    {
        if (target is null || !MayHaveBodyHere(target) || FunctionKey.For(target) is not { } key)
        {
            return;
        }

        AddEdges(operation, owningSymbol, key);
    }

    /// <summary>
    /// Edges from the function that contains <paramref name="operation"/>: the nearest enclosing lambda or local
    /// function, else the owning method, else (instance field and property initializers) every instance constructor.
    /// </summary>
    private void AddEdges(IOperation operation, ISymbol owningSymbol, FunctionKey to)
    {
        if (!HasOwner(owningSymbol))
        {
            return;
        }

        if (FunctionKey.Enclosing(operation, owningSymbol) is { } from)
        {
            edges.Add((from, to));
        }
        else if (FunctionKey.InitializerConstructors(owningSymbol) is { } constructors)
        {
            foreach (FunctionKey constructor in constructors)
            {
                edges.Add((constructor, to));
            }
        }
    }

    /// <summary>Edges only matter when they can lead to code in this compilation.</summary>
    private bool MayHaveBodyHere(IMethodSymbol target)
    {
        if (target.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction)
        {
            return true;
        }

        if (SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, compilation.Assembly))
        {
            return true;
        }

        return target.IsVirtual || target.IsAbstract || target.IsOverride || target.ContainingType?.TypeKind == TypeKind.Interface;
    }

    /// <summary>
    /// The calls no operation shows, for one search. Interface dispatch: a call of an interface method may land in
    /// any implementation in this compilation. Constructors: an instance method can only run on an object that was
    /// constructed, so when the method is on a request path, so is the constructor (controllers, pages and scoped or
    /// transient services are created per request by the container, which no call edge shows). Middleware and
    /// hosted services are created once at start-up and are left out. The constructors come from the method
    /// symbols seen; a type whose only constructor is implicit asks the symbol, once.
    /// </summary>
    private sealed class ImplicitCalls : IImplicitCalls
    {
        private readonly RequestPathModel model;

        // Types here are definitions (one object each in a compilation): compared by identity, because the comparer's
        // hash of a type walks its containing namespaces.
        private readonly HashSet<INamedTypeSymbol> constructed;
        private readonly Dictionary<INamedTypeSymbol, List<FunctionKey>?> constructorsByType = new(IdentityComparer<INamedTypeSymbol>.Instance);
        private readonly HashSet<INamedTypeSymbol> implementers;
        private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? derivedImplementers;

        internal ImplicitCalls(RequestPathModel model)
        {
            this.model = model;
            implementers = new HashSet<INamedTypeSymbol>(model.implementingTypes, IdentityComparer<INamedTypeSymbol>.Instance);
            constructed = new HashSet<INamedTypeSymbol>(model.constructedTypes, IdentityComparer<INamedTypeSymbol>.Instance);
            constructed.ExceptWith(model.typesCreatedAtStartup);
            foreach (var (type, constructor) in model.instanceConstructors)
            {
                if (!constructorsByType.TryGetValue(type, out List<FunctionKey>? constructors))
                {
                    constructorsByType.Add(type, constructors = new List<FunctionKey>(1));
                }

                constructors!.Add(constructor);
            }
        }

        public IEnumerable<FunctionKey> Callers(FunctionKey function)
        {
            if (function.Method is not { IsStatic: false } method || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                return Array.Empty<FunctionKey>();
            }

            return method.MethodKind == MethodKind.Constructor ? ConstructorCallers(function, type) : InterfaceCallers(function, method, type);
        }

        /// <summary>An object's constructor runs before any of its instance methods can.</summary>
        private IEnumerable<FunctionKey> ConstructorCallers(FunctionKey constructor, INamedTypeSymbol type)
        {
            if (!constructed.Contains(type) || ConstructorsOf(type)?.Contains(constructor) != true)
            {
                yield break;
            }

            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IMethodSymbol { IsStatic: false } method && RunsOnInstance(method) && FunctionKey.For(method) is { } caller)
                {
                    yield return caller;
                }
            }
        }

        /// <summary>
        /// The interface methods whose calls may land in <paramref name="method"/>: those it implements for its own
        /// type, or for a type derived from it that lists the interface.
        /// </summary>
        private IEnumerable<FunctionKey> InterfaceCallers(FunctionKey function, IMethodSymbol method, INamedTypeSymbol type)
        {
            if (!method.ExplicitInterfaceImplementations.IsEmpty)
            {
                foreach (IMethodSymbol implemented in method.ExplicitInterfaceImplementations)
                {
                    if (FunctionKey.For(implemented) is { } key)
                    {
                        yield return key;
                    }
                }

                yield break;
            }

            foreach (INamedTypeSymbol implementer in ImplementersThrough(type))
            {
                foreach (INamedTypeSymbol interfaceType in implementer.AllInterfaces)
                {
                    // An ordinary method implements same-named methods only; an accessor may implement an indexer's
                    // accessor of another name.
                    ImmutableArray<ISymbol> candidates = method.MethodKind == MethodKind.Ordinary ? interfaceType.GetMembers(method.Name) : interfaceType.GetMembers();
                    foreach (ISymbol member in candidates)
                    {
                        if (member is IMethodSymbol { IsStatic: false } interfaceMethod
                            && implementer.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation
                            && FunctionKey.For(implementation) is { } implementationKey && implementationKey.Equals(function)
                            && FunctionKey.For(interfaceMethod) is { } key)
                        {
                            yield return key;
                        }
                    }
                }
            }
        }

        /// <summary>The type itself when it implements interfaces, and the types of this compilation derived from it that do.</summary>
        private IEnumerable<INamedTypeSymbol> ImplementersThrough(INamedTypeSymbol type)
        {
            derivedImplementers ??= DerivedImplementers();
            if (implementers.Contains(type))
            {
                yield return type;
            }

            if (derivedImplementers.TryGetValue(type, out List<INamedTypeSymbol>? derived))
            {
                foreach (INamedTypeSymbol implementer in derived)
                {
                    yield return implementer;
                }
            }
        }

        private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> DerivedImplementers()
        {
            var byBase = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(IdentityComparer<INamedTypeSymbol>.Instance);
            foreach (INamedTypeSymbol implementer in implementers)
            {
                int guard = 0;
                for (INamedTypeSymbol? baseType = implementer.BaseType; baseType is not null && guard++ < 32; baseType = baseType.BaseType)
                {
                    if (!SymbolEqualityComparer.Default.Equals(baseType.ContainingAssembly, model.compilation.Assembly))
                    {
                        break;
                    }

                    if (!byBase.TryGetValue(baseType.OriginalDefinition, out List<INamedTypeSymbol>? derived))
                    {
                        byBase.Add(baseType.OriginalDefinition, derived = new List<INamedTypeSymbol>());
                    }

                    derived.Add(implementer);
                }
            }

            return byBase;
        }

        private static bool RunsOnInstance(IMethodSymbol method) =>
            method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.ExplicitInterfaceImplementation;

        private List<FunctionKey>? ConstructorsOf(INamedTypeSymbol type)
        {
            if (!constructorsByType.TryGetValue(type, out List<FunctionKey>? constructors))
            {
                constructors = FunctionKey.ConstructorsOf(type);
                constructorsByType.Add(type, constructors);
            }

            return constructors;
        }
    }

    /// <summary>The graph nodes a reference to one property can reach through its accessors.</summary>
    private sealed class AccessorNodes
    {
        internal static readonly AccessorNodes None = new(null, null);

        internal AccessorNodes(FunctionKey? getter, FunctionKey? setter)
        {
            Getter = getter;
            Setter = setter;
        }

        internal FunctionKey? Getter { get; }

        internal FunctionKey? Setter { get; }
    }
}
