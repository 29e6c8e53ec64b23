using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.StaticState;

/// <summary>
/// ND4001, ND4002, ND4003: static state that the service changes at run time. Operation actions on the kinds
/// that can write state collect every write to static fields and properties (and to what they hold), and what
/// each method changes of its receiver and parameters; at compilation end the writes
/// that happen outside type initialization are judged once per member and reported at its declaration, naming
/// the members that write it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticStateAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when nothing changes the member outside initialization.</summary>
    internal const string NoRuntimeWritesProperty = "NoRuntimeWrites";

    private const int PlacesShown = 3;
    private const int AdditionalLocationsMax = 10;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.StaticFieldWrittenAtRunTime,
        Rules.StaticCollectionMutatedAtRunTime,
        Rules.StaticPropertySettable);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        if (TestProjects.IsTestProject(context.Compilation))
        {
            return;
        }

        var collector = new StaticStateCollector(context.Compilation, context.Options);
        context.RegisterSymbolAction(collector.OnSymbol, SymbolKind.Field, SymbolKind.Property);
        new StaticStateOperations(collector, context.Compilation).Register(context);
        context.RegisterCompilationEndAction(end => Report(end, collector));
    }

    private static void Report(CompilationAnalysisContext context, StaticStateCollector collector)
    {
        // What each method changes of its receiver and parameters matters only for calls made on static state.
        HashSet<Slot> mutated = collector.DeferredCalls.IsEmpty ? new HashSet<Slot>() : FindMutatedSlots(collector);
        HashSet<IMethodSymbol> initHelpers = FindInitializationHelpers(collector);
        HashSet<INamedTypeSymbol> staticOnlyTypes = FindTypesCreatedOnlyDuringStaticInitialization(collector);

        var byTarget = new Dictionary<ISymbol, List<StateWrite>>(SymbolEqualityComparer.Default);
        foreach (StateWrite write in collector.Writes)
        {
            Add(write);
        }

        foreach (DeferredCall call in collector.DeferredCalls)
        {
            if (mutated.Contains(ResolveSlot(call, collector)))
            {
                Add(new StateWrite(call.Target, StateAccess.Mutate, call.Context, call.Location));
            }
        }

        foreach (DeclaredMember member in collector.Declared.Values.OrderBy(m => m.Symbol.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            byTarget.TryGetValue(member.Symbol, out List<StateWrite>? writes);
            Diagnostic? diagnostic = member.Symbol switch
            {
                IFieldSymbol field => ForField(field, writes, collector),
                IPropertySymbol property when member.IsAutoProperty => ForProperty(property, member, writes, collector),
                _ => null,
            };

            if (diagnostic is not null)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        void Add(StateWrite write)
        {
            StateWrite? resolved = Resolve(write, collector);
            if (resolved is null || IsInitialization(resolved.Context, resolved.Target, initHelpers)
                || IsConstructionDuringStaticInitialization(resolved.Context, resolved.Target, staticOnlyTypes))
            {
                return;
            }

            if (!byTarget.TryGetValue(resolved.Target, out List<StateWrite>? list))
            {
                byTarget[resolved.Target] = list = new List<StateWrite>();
            }

            list.Add(resolved);
        }
    }

    /// <summary>Writes through a static property land on its backing state: the auto-property itself, or the field its getter returns.</summary>
    private static StateWrite? Resolve(StateWrite write, StaticStateCollector collector)
    {
        if (write.Target is not IPropertySymbol property)
        {
            return write;
        }

        if (collector.Declared.TryGetValue(property, out DeclaredMember? member) && member.IsAutoProperty)
        {
            return write;
        }

        return write.Access == StateAccess.Mutate && collector.GetterAliases.TryGetValue(property, out IFieldSymbol? field)
            ? write.WithTarget(field)
            : null;
    }

    private static Diagnostic? ForField(IFieldSymbol field, List<StateWrite>? writes, StaticStateCollector collector)
    {
        if (writes is null || writes.Count == 0 || IsAllowed(field, field.Type, collector))
        {
            return null;
        }

        // Changing a member of a struct held in a non-readonly static field writes the field itself; a readonly
        // struct field cannot be changed (the compiler works on a copy). What a [ThreadStatic] field or a
        // ThreadLocal<T> holds is per-thread scratch space (a cached StringBuilder): assigning it counts, filling it not.
        bool valueField = field.Type.IsValueType && !field.IsReadOnly;
        if ((field.Type.IsValueType && field.IsReadOnly) || IsPerThread(field))
        {
            writes = writes.Where(w => w.Access != StateAccess.Mutate).ToList();
            if (writes.Count == 0)
            {
                return null;
            }
        }

        var assigns = writes.Where(w => w.Access != StateAccess.Mutate || valueField).ToList();
        return assigns.Count > 0
            ? Create(Rules.StaticFieldWrittenAtRunTime, field, writes, noRuntimeWrites: false, Name(field), Places(assigns))
            : Create(Rules.StaticCollectionMutatedAtRunTime, field, writes, noRuntimeWrites: false, Name(field), Places(writes));
    }

    private static Diagnostic? ForProperty(IPropertySymbol property, DeclaredMember member, List<StateWrite>? writes, StaticStateCollector collector)
    {
        if (IsAllowed(property, property.Type, collector))
        {
            return null;
        }

        // A struct-typed property hands out copies: changing one changes no state.
        if (property.Type.IsValueType)
        {
            writes = writes?.Where(w => w.Access != StateAccess.Mutate).ToList();
        }

        var sets = writes?.Where(w => w.Access != StateAccess.Mutate).ToList() ?? new List<StateWrite>();
        var mutations = writes?.Where(w => w.Access == StateAccess.Mutate).ToList() ?? new List<StateWrite>();
        bool noRuntimeWrites = sets.Count == 0 && mutations.Count == 0;
        if (member.ExposedSetter is null && sets.Count == 0)
        {
            return mutations.Count == 0
                ? null
                : Create(Rules.StaticCollectionMutatedAtRunTime, property, mutations, noRuntimeWrites, Name(property), Places(mutations));
        }

        var what = new List<string>();
        if (member.ExposedSetter is { } accessibility)
        {
            what.Add("has " + Article(accessibility) + " setter");
        }

        if (sets.Count > 0)
        {
            what.Add("is set by " + Places(sets));
        }

        string text = string.Join(" and ", what);
        if (mutations.Count > 0)
        {
            text += ", and its contents are changed by " + Places(mutations);
        }

        return Create(Rules.StaticPropertySettable, property, writes ?? new List<StateWrite>(), noRuntimeWrites, Name(property), text);
    }

    private static bool IsPerThread(IFieldSymbol field) =>
        field.GetAttributes().Any(a => a.AttributeClass is { Name: "ThreadStaticAttribute", ContainingNamespace.Name: "System" })
        || field.Type.OriginalDefinition is INamedTypeSymbol { Name: "ThreadLocal", Arity: 1, ContainingNamespace.Name: "Threading" };

    private static bool IsAllowed(ISymbol symbol, ITypeSymbol type, StaticStateCollector collector) =>
        collector.Types.IsAllowed(type, collector.AllowedFor(symbol.Locations.FirstOrDefault()?.SourceTree));

    private static Diagnostic Create(DiagnosticDescriptor rule, ISymbol symbol, List<StateWrite> writes, bool noRuntimeWrites, params object[] arguments)
    {
        IEnumerable<Location> additional = writes
            .Select(w => w.Location)
            .Where(l => l.IsInSource)
            .OrderBy(l => l.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(l => l.SourceSpan.Start)
            .Take(AdditionalLocationsMax);
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(NoRuntimeWritesProperty, noRuntimeWrites ? "true" : "false");
        return Diagnostic.Create(rule, symbol.Locations[0], additional, properties, arguments);
    }

    private static string Article(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Internal => "an internal",
        Accessibility.Protected => "a protected",
        Accessibility.ProtectedOrInternal => "a protected internal",
        Accessibility.ProtectedAndInternal => "a private protected",
        _ => "a public",
    };

    /// <summary>Whether code runs while the member's type is initialized: its static constructor or static initializers, or a private helper only they call.</summary>
    private static bool IsInitialization(CodeContext context, ISymbol target, HashSet<IMethodSymbol> initHelpers)
    {
        if (context.InLambda)
        {
            return false;
        }

        INamedTypeSymbol? type = target.ContainingType?.OriginalDefinition;
        return context.Owner switch
        {
            IMethodSymbol { MethodKind: MethodKind.StaticConstructor } method => SameType(method.ContainingType, type),
            IFieldSymbol { IsStatic: true } field => SameType(field.ContainingType, type),
            IPropertySymbol { IsStatic: true } property => SameType(property.ContainingType, type),
            IMethodSymbol method when initHelpers.Contains(method.OriginalDefinition) => SameType(method.ContainingType, type),
            _ => false,
        };
    }

    /// <summary>
    /// A constructor that registers its object in a static member of its own type ("smart enum": every instance
    /// is created by a static field initializer) runs only during type initialization.
    /// </summary>
    private static bool IsConstructionDuringStaticInitialization(CodeContext context, ISymbol target, HashSet<INamedTypeSymbol> staticOnlyTypes) =>
        !context.InLambda
        && context.Owner is IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType: { } type }
        && SameType(type, target.ContainingType)
        && staticOnlyTypes.Contains(type.OriginalDefinition);

    /// <summary>Types whose objects (their own or those of derived types) are only ever created during static initialization.</summary>
    private static HashSet<INamedTypeSymbol> FindTypesCreatedOnlyDuringStaticInitialization(StaticStateCollector collector)
    {
        var createdAtRunTime = new Dictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var (created, duringStaticInit) in collector.Creations)
        {
            // Creating a derived object runs the base constructors too.
            for (INamedTypeSymbol? type = created; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType?.OriginalDefinition)
            {
                createdAtRunTime[type] = (createdAtRunTime.TryGetValue(type, out bool before) && before) || !duringStaticInit;
            }
        }

        return new HashSet<INamedTypeSymbol>(createdAtRunTime.Where(p => !p.Value).Select(p => p.Key), SymbolEqualityComparer.Default);
    }

    private static bool SameType(INamedTypeSymbol? a, INamedTypeSymbol? b) =>
        a is not null && b is not null && SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);

    /// <summary>
    /// Private static methods called only from their type's initialization (directly or through other such
    /// helpers) count as initialization. Greatest fixed point: start from every invoked helper and drop those
    /// with a use elsewhere until nothing changes.
    /// </summary>
    private static HashSet<IMethodSymbol> FindInitializationHelpers(StaticStateCollector collector)
    {
        var uses = new Dictionary<IMethodSymbol, List<HelperUse>>(SymbolEqualityComparer.Default);
        foreach (HelperUse use in collector.HelperUses)
        {
            if (!uses.TryGetValue(use.Method, out List<HelperUse>? list))
            {
                uses[use.Method] = list = new List<HelperUse>();
            }

            list.Add(use);
        }

        var helpers = new HashSet<IMethodSymbol>(uses.Keys, SymbolEqualityComparer.Default);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (IMethodSymbol method in helpers.ToList())
            {
                foreach (HelperUse use in uses[method])
                {
                    if (!use.Invoked || !IsInitialization(use.Context, method, helpers))
                    {
                        helpers.Remove(method);
                        changed = true;
                        break;
                    }
                }
            }
        }

        return helpers;
    }

    /// <summary>
    /// The receivers and parameters that methods change, directly or by handing them to a method that does:
    /// a worklist over the reversed "passes to" edges, linear in their number.
    /// </summary>
    private static HashSet<Slot> FindMutatedSlots(StaticStateCollector collector)
    {
        var mutated = new HashSet<Slot>();
        var handedTo = new Dictionary<Slot, List<Slot>>();
        var work = new Queue<Slot>();
        foreach (Slot slot in collector.MutatedSlots)
        {
            if (mutated.Add(slot))
            {
                work.Enqueue(slot);
            }
        }

        foreach (var (callee, own) in collector.Passes)
        {
            if (!handedTo.TryGetValue(callee, out List<Slot>? list))
            {
                handedTo[callee] = list = new List<Slot>(1);
            }

            list.Add(own);
        }

        // A call through an interface or a virtual method changes its object when an implementation in the
        // compilation does: "static readonly IOrderStore Store = new InMemoryOrderStore();" then "Store.Add(order)".
        var contracts = new List<Slot>();
        while (work.Count > 0)
        {
            Slot slot = work.Dequeue();
            contracts.Clear();
            foreach (IMethodSymbol contract in ContractsOf(slot.Method))
            {
                contracts.Add(new Slot(contract.OriginalDefinition, slot.Index));
            }

            foreach (Slot contract in contracts)
            {
                if (mutated.Add(contract))
                {
                    work.Enqueue(contract);
                }
            }

            if (handedTo.TryGetValue(slot, out List<Slot>? callers))
            {
                foreach (Slot caller in callers)
                {
                    if (mutated.Add(caller))
                    {
                        work.Enqueue(caller);
                    }
                }
            }
        }

        return mutated;
    }

    /// <summary>
    /// A call through an interface or virtual method on a static member whose initializer creates a known type
    /// is judged by that type's implementation; otherwise by any implementation in the compilation.
    /// </summary>
    private static Slot ResolveSlot(DeferredCall call, StaticStateCollector collector)
    {
        IMethodSymbol method = call.Slot.Method;
        if (call.Slot.Index != Slot.ReceiverSlot || !(method.IsAbstract || method.IsVirtual || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface)
            || !collector.CreatedTypes.TryGetValue(call.Target, out INamedTypeSymbol? created)
            || (call.Target is IFieldSymbol { IsReadOnly: false }))
        {
            return call.Slot;
        }

        IMethodSymbol? implementation = null;
        if (method.ContainingType?.TypeKind == TypeKind.Interface)
        {
            foreach (INamedTypeSymbol face in created.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(face.OriginalDefinition, method.ContainingType.OriginalDefinition))
                {
                    foreach (ISymbol member in face.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol candidate && SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method))
                        {
                            implementation = created.FindImplementationForInterfaceMember(candidate) as IMethodSymbol;
                        }
                    }
                }
            }
        }
        else
        {
            for (INamedTypeSymbol? type = created; type is not null && implementation is null; type = type.BaseType)
            {
                foreach (ISymbol member in type.GetMembers(method.Name))
                {
                    for (IMethodSymbol? candidate = member as IMethodSymbol; candidate is not null; candidate = candidate.OverriddenMethod)
                    {
                        if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method))
                        {
                            implementation = (IMethodSymbol)member;
                            break;
                        }
                    }
                }
            }
        }

        return implementation is null ? call.Slot : new Slot(implementation.OriginalDefinition, Slot.ReceiverSlot);
    }

    /// <summary>The interface members and overridden methods that <paramref name="method"/> implements.</summary>
    private static IEnumerable<IMethodSymbol> ContractsOf(IMethodSymbol method)
    {
        if (method.IsStatic)
        {
            yield break;
        }

        for (IMethodSymbol? overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            yield return overridden;
        }

        foreach (IMethodSymbol explicitImplementation in method.ExplicitInterfaceImplementations)
        {
            yield return explicitImplementation;
        }

        if (method.ContainingType is not { } type || method.DeclaredAccessibility != Accessibility.Public)
        {
            yield break;
        }

        foreach (INamedTypeSymbol face in type.AllInterfaces)
        {
            foreach (ISymbol member in face.GetMembers(method.Name))
            {
                if (member is IMethodSymbol candidate
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, method))
                {
                    yield return candidate;
                }
            }
        }
    }

    /// <summary><c>A.B</c>, <c>A.B and C.D</c>, <c>A.B, C.D and E.F</c>, or <c>A.B, C.D, E.F and 2 more</c>.</summary>
    internal static string Places(IEnumerable<StateWrite> writes)
    {
        var names = writes.Select(w => PlaceName(w.Context.Owner)).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (names.Count <= PlacesShown)
        {
            return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
        }

        return string.Join(", ", names.Take(PlacesShown)) + " and " + (names.Count - PlacesShown).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more";
    }

    private static string Name(ISymbol symbol) => TypeName(symbol.ContainingType) + "." + symbol.Name;

    private static string PlaceName(ISymbol owner)
    {
        string type = TypeName(owner.ContainingType);
        string member = owner switch
        {
            IMethodSymbol { AssociatedSymbol: { } associated } => associated is IPropertySymbol { IsIndexer: true } ? "this[]" : associated.Name,
            IMethodSymbol { MethodKind: MethodKind.Constructor } => "ctor",
            IMethodSymbol { MethodKind: MethodKind.StaticConstructor } => "cctor",
            IMethodSymbol { Name: "<Main>$" } => "Main",
            _ => owner.Name,
        };
        return type.Length == 0 ? member : type + "." + member;
    }

    private static string TypeName(INamedTypeSymbol? type) => type?.Name ?? string.Empty;
}
