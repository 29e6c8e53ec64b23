using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.StaticState;

/// <summary>A static field or property declared in the compilation's own (non-generated) source.</summary>
internal sealed class DeclaredMember
{
    internal DeclaredMember(ISymbol symbol, bool isAutoProperty, Accessibility? exposedSetter)
    {
        Symbol = symbol;
        IsAutoProperty = isAutoProperty;
        ExposedSetter = exposedSetter;
    }

    internal ISymbol Symbol { get; }

    internal bool IsAutoProperty { get; }

    /// <summary>For an auto-property whose setter code outside the type can reach: the setter's accessibility.</summary>
    internal Accessibility? ExposedSetter { get; }
}

/// <summary>
/// Everything the ND4 rules learn about one compilation, collected concurrently per symbol and per operation
/// operation and read once at compilation end. Lives in the compilation-start closure only.
/// </summary>
internal sealed class StaticStateCollector
{
    internal const string AllowedTypesKey = "static_state.allowed_types";

    private readonly IAssemblySymbol assembly;
    private readonly NoDowntimeOptions<ImmutableHashSet<string>> options;

    internal StaticStateCollector(Compilation compilation, AnalyzerOptions analyzerOptions)
    {
        assembly = compilation.Assembly;
        Types = new StaticStateTypes(compilation);
        options = new NoDowntimeOptions<ImmutableHashSet<string>>(
            analyzerOptions,
            o => StaticStateTypes.ParseAllowedTypes(o.GetList(AllowedTypesKey)));
    }

    internal StaticStateTypes Types { get; }

    internal ConcurrentDictionary<ISymbol, DeclaredMember> Declared { get; } = new(SymbolEqualityComparer.Default);

    internal ConcurrentQueue<StateWrite> Writes { get; } = new();

    internal ConcurrentQueue<DeferredCall> DeferredCalls { get; } = new();

    internal ConcurrentQueue<HelperUse> HelperUses { get; } = new();

    /// <summary>Receivers and parameters that their method's own body changes.</summary>
    internal PerThreadBuffer<Slot> MutatedSlots { get; } = new();

    /// <summary>A method handing its receiver or a parameter (Own) to a callee's receiver or parameter.</summary>
    internal PerThreadBuffer<(Slot Callee, Slot Own)> Passes { get; } = new();

    internal ConcurrentDictionary<IPropertySymbol, IFieldSymbol> GetterAliases { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Objects of the compilation's own types created: by which type, and whether during static initialization.</summary>
    internal PerThreadBuffer<(INamedTypeSymbol Type, bool DuringStaticInitialization)> Creations { get; } = new();

    /// <summary>The concrete type a static member's initializer creates (<c>IStore Store = new MemoryStore();</c>).</summary>
    internal ConcurrentDictionary<ISymbol, INamedTypeSymbol> CreatedTypes { get; } = new(SymbolEqualityComparer.Default);

    internal ImmutableHashSet<string> AllowedFor(SyntaxTree? tree) =>
        tree is null ? ImmutableHashSet<string>.Empty : options.For(tree);

    internal void OnSymbol(SymbolAnalysisContext context)
    {
        switch (context.Symbol)
        {
            case IFieldSymbol { IsStatic: true, IsConst: false, IsImplicitlyDeclared: false, AssociatedSymbol: null } field
                when field.ContainingType?.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface:
                Declared.TryAdd(field, new DeclaredMember(field, isAutoProperty: false, exposedSetter: null));
                break;

            case IPropertySymbol { IsStatic: true, IsAbstract: false, IsVirtual: false, IsIndexer: false, IsImplicitlyDeclared: false } property
                when property.ContainingType?.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface:
                bool isAuto = IsAutoProperty(property, context.CancellationToken);
                Declared.TryAdd(property, new DeclaredMember(property, isAuto, isAuto ? ExposedSetter(property) : null));
                break;
        }
    }

    internal void AddWrite(ISymbol target, StateAccess access, CodeContext context, Location location)
    {
        ISymbol original = target.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(original.ContainingAssembly, assembly))
        {
            Writes.Enqueue(new StateWrite(original, access, context, location));
        }
    }

    internal void AddDeferredCall(DeferredCall call)
    {
        if (SymbolEqualityComparer.Default.Equals(call.Target.OriginalDefinition.ContainingAssembly, assembly))
        {
            DeferredCalls.Enqueue(new DeferredCall(call.Target.OriginalDefinition, call.Slot, call.Context, call.Location));
        }
    }

    internal void AddHelperUse(IMethodSymbol method, CodeContext context, bool invoked)
    {
        IMethodSymbol original = method.OriginalDefinition;
        if (original.IsStatic && original.DeclaredAccessibility == Accessibility.Private && original.MethodKind == MethodKind.Ordinary
            && SymbolEqualityComparer.Default.Equals(original.ContainingAssembly, assembly))
        {
            HelperUses.Enqueue(new HelperUse(original, context, invoked));
        }
    }

    internal void AddMutatedSlot(IMethodSymbol method, int slot) => MutatedSlots.Add(new Slot(method.OriginalDefinition, slot));

    internal void AddPass(IMethodSymbol method, int own, Slot callee) => Passes.Add((callee, new Slot(method.OriginalDefinition, own)));

    internal void AddGetterAlias(IPropertySymbol property, IFieldSymbol field) =>
        GetterAliases.TryAdd((IPropertySymbol)property.OriginalDefinition, (IFieldSymbol)field.OriginalDefinition);

    private static bool IsAutoProperty(IPropertySymbol property, System.Threading.CancellationToken cancellationToken)
    {
        if (property.IsExtern || property.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        return property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is PropertyDeclarationSyntax
        {
            AccessorList: { } accessors,
            ExpressionBody: null,
        }
            && accessors.Accessors.Count > 0
            && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
    }

    private static Accessibility? ExposedSetter(IPropertySymbol property)
    {
        if (property.SetMethod is not { } setter || setter.DeclaredAccessibility is Accessibility.Private or Accessibility.NotApplicable)
        {
            return null;
        }

        for (INamedTypeSymbol? type = property.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility == Accessibility.Private)
            {
                return null;
            }
        }

        return setter.DeclaredAccessibility;
    }
}
