using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Blocking;

/// <summary>
/// <c>HttpRequest.Form</c>: the getter reads and parses the whole request body synchronously unless the form
/// was already read. Reading it is left alone after an awaited <c>ReadFormAsync</c> earlier in the same method,
/// and in MVC actions whose parameters model binding has filled (it reads the form asynchronously first).
/// </summary>
internal static class FormReads
{
    internal const string Advice = "use 'await Request.ReadFormAsync' instead";

    /// <summary>True for a read of <c>HttpRequest.Form</c> that no earlier awaited <c>ReadFormAsync</c> in the method made cheap.</summary>
    internal static bool IsBlockingFormRead(IPropertyReferenceOperation reference)
    {
        if (!IsHttpRequest(reference.Property.ContainingType) || reference.Property.IsStatic || reference.Instance is null)
        {
            return false;
        }

        IOperation? parent = reference.Parent;
        if (parent is IAssignmentOperation assignment && assignment.Target == reference)
        {
            // Request.Form = ...: a write, not a read of the body.
            return false;
        }

        if (IsBoundControllerAction(reference))
        {
            return false;
        }

        IOperation root = reference;
        for (int depth = 0; root.Parent is not null && depth < 256; depth++)
        {
            root = root.Parent;
        }

        int position = reference.Syntax.SpanStart;
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "ReadFormAsync" } read
                && read.Syntax.SpanStart < position
                && IsAwaited(read)
                && RunsBefore(read, reference)
                && (IsHttpRequest(read.TargetMethod.ContainingType) || (read.TargetMethod.IsExtensionMethod && read.Arguments.Length > 0 && IsHttpRequest(read.Arguments[0].Value.Type))
                    || (read.TargetMethod.ReducedFrom is not null && read.Instance is not null && IsHttpRequest(read.Instance.Type))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A read directly in an MVC controller action that takes parameters: before the action runs, model binding
    /// builds the form value provider, which reads a form body with <c>ReadFormAsync</c>; <c>Request.Form</c> is
    /// then already in memory (and a body that is not a form makes it throw rather than block).
    /// </summary>
    private static bool IsBoundControllerAction(IPropertyReferenceOperation reference)
    {
        if (reference.SemanticModel?.GetEnclosingSymbol(reference.Syntax.SpanStart) is not IMethodSymbol
            {
                MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.Length: > 0,
            } method)
        {
            return false;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name == "ControllerBase" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Mvc")
            {
                return !method.GetAttributes().Any(a => a.AttributeClass?.Name == "NonActionAttribute");
            }
        }

        return false;
    }

    /// <summary>
    /// False when the earlier read sits in a lambda or local function that does not also contain the form read
    /// (a sibling handler, a callback that may never run).
    /// </summary>
    private static bool RunsBefore(IOperation read, IOperation reference)
    {
        for (IOperation? current = read.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation && !current.Syntax.Span.Contains(reference.Syntax.Span))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAwaited(IOperation operation)
    {
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation || parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
        {
            parent = parent.Parent;
        }

        return parent is IAwaitOperation;
    }

    private static bool IsHttpRequest(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "HttpRequest" && current.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http")
            {
                return true;
            }
        }

        return false;
    }
}
