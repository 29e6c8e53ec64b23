using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers;

/// <summary>ND4: static mutable state. All three are decided once the whole compilation has been seen.</summary>
internal static partial class Rules
{
    internal static readonly DiagnosticDescriptor StaticFieldWrittenAtRunTime = Create(
        "ND4001",
        "Static field is written outside initialization",
        "Static field '{0}' is assigned outside its initializer and static constructor by {1}: the value lives in one process, so instances disagree and a restart loses it; keep it in IDistributedCache, an injected singleton or the database",
        Categories.StaticState,
        DiagnosticSeverity.Warning,
        "A static field that code assigns after type initialization (plain assignments, ++, ??=, Interlocked updates, ref/out arguments, [ThreadStatic] fields included) is process-wide state. A second instance of the service sees another value and a restart resets it.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor StaticCollectionMutatedAtRunTime = Create(
        "ND4002",
        "Static collection or object is mutated at run time",
        "'{0}' is static and its contents are changed by {1}: each instance of the service keeps its own copy and a restart empties it; keep this state in IDistributedCache, an injected singleton or the database",
        Categories.StaticState,
        DiagnosticSeverity.Warning,
        "A static (usually readonly) collection or mutable object whose contents code changes after type initialization (Add, TryAdd, AddOrUpdate, Remove, Clear, indexer or element assignment, Push, Enqueue, property sets, ...) is process-wide state, however readonly the field itself is.",
        isCompilationEnd: true);

    internal static readonly DiagnosticDescriptor StaticPropertySettable = Create(
        "ND4003",
        "Static property can be set outside initialization",
        "Static property '{0}' {1}: a value set at run time lives in one process, so instances disagree and a restart loses it; make the property get-only, or keep the value in an injected singleton, IDistributedCache or the database",
        Categories.StaticState,
        DiagnosticSeverity.Warning,
        "A static auto-property with a non-private setter, or whose setter is called after type initialization, is process-wide state that any code can replace.",
        isCompilationEnd: true);
}
