using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.StaticState;

/// <summary>How a piece of code touches a static field or property.</summary>
internal enum StateAccess
{
    /// <summary>The field itself is assigned (=, +=, ++, ??=, ref/out argument, writable ref taken).</summary>
    Assign,

    /// <summary>The static property's setter is called.</summary>
    SetterCall,

    /// <summary>The object or collection the member holds is changed (Add, indexer set, property set, ...).</summary>
    Mutate,
}

/// <summary>Where an operation sits: the member whose code it is and whether it runs inside a nested function.</summary>
internal readonly struct CodeContext
{
    internal CodeContext(ISymbol owner, bool inLambda)
    {
        Owner = owner;
        InLambda = inLambda;
    }

    /// <summary>The method, accessor, field or property (for initializers) that owns the code.</summary>
    internal ISymbol Owner { get; }

    /// <summary>
    /// Inside a lambda or anonymous method, which may run long after initialization. Local functions are not
    /// counted: they run only when their enclosing member calls them.
    /// </summary>
    internal bool InLambda { get; }
}

/// <summary>One access to static state, collected per operation and judged at compilation end.</summary>
internal sealed class StateWrite
{
    internal StateWrite(ISymbol target, StateAccess access, CodeContext context, Location location)
    {
        Target = target;
        Access = access;
        Context = context;
        Location = location;
    }

    /// <summary>The static field or property (original definition) whose state is written.</summary>
    internal ISymbol Target { get; }

    internal StateAccess Access { get; }

    internal CodeContext Context { get; }

    internal Location Location { get; }

    internal StateWrite WithTarget(ISymbol target) => new(target, Access, Context, Location);
}

/// <summary>
/// A method's receiver (<see cref="ReceiverSlot"/>) or one of its parameters (by ordinal): what a method body can
/// change of the objects its caller hands it.
/// </summary>
internal readonly struct Slot : System.IEquatable<Slot>
{
    internal const int ReceiverSlot = -1;

    internal Slot(IMethodSymbol method, int index)
    {
        Method = method;
        Index = index;
    }

    internal IMethodSymbol Method { get; }

    internal int Index { get; }

    // Slots hold original definitions (one object per method in a compilation), so identity is equality; the
    // comparer's hash of a method walks its containing symbols, and every fact is hashed at compilation end.
    public bool Equals(Slot other) => Index == other.Index && ReferenceEquals(Method, other.Method);

    public override bool Equals(object? obj) => obj is Slot other && Equals(other);

    public override int GetHashCode() => (RuntimeHelpers.GetHashCode(Method) * 31) + Index;
}

/// <summary>Static state handed to a source method (as receiver or argument) that changes it only if its body does.</summary>
internal sealed class DeferredCall
{
    internal DeferredCall(ISymbol target, Slot slot, CodeContext context, Location location)
    {
        Target = target;
        Slot = slot;
        Context = context;
        Location = location;
    }

    internal ISymbol Target { get; }

    internal Slot Slot { get; }

    internal CodeContext Context { get; }

    internal Location Location { get; }
}

/// <summary>A use of a private static method: the facts that decide whether it only runs during type initialization.</summary>
internal readonly struct HelperUse
{
    internal HelperUse(IMethodSymbol method, CodeContext context, bool invoked)
    {
        Method = method;
        Context = context;
        Invoked = invoked;
    }

    internal IMethodSymbol Method { get; }

    internal CodeContext Context { get; }

    /// <summary>False when the method is turned into a delegate, which may run at any time.</summary>
    internal bool Invoked { get; }
}
