using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Blocking;

/// <summary>
/// <c>HttpRequest.Form</c>: the getter reads and parses the whole request body synchronously unless the form
/// was already read. Reading it is left alone after an awaited <c>ReadFormAsync</c> earlier in the same method,
/// and where the framework read the form asynchronously before the handler ran: a handler that binds form data
/// (an <c>IFormFile</c> / <c>IFormCollection</c> parameter or <c>[FromForm]</c>), an MVC action that binds
/// parameters through the value providers, and antiforgery-validated MVC or Razor Pages handlers.
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

        IOperation root = reference;
        IMethodSymbol? handler = null;
        for (int depth = 0; root.Parent is not null && depth < 256; depth++)
        {
            root = root.Parent;
            if (handler is null && root is IAnonymousFunctionOperation function)
            {
                handler = function.Symbol;
            }
        }

        handler ??= reference.SemanticModel?.GetEnclosingSymbol(reference.Syntax.SpanStart) as IMethodSymbol;
        if (handler is not null && (handler.Parameters.Any(BindsForm) || FormReadByFramework(handler)))
        {
            return false;
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

    private static bool BindsForm(IParameterSymbol parameter)
    {
        if (parameter.Type.Name is "IFormFile" or "IFormFileCollection" or "IFormCollection"
            && Namespaces.Is(parameter.Type.ContainingNamespace, "Microsoft.AspNetCore.Http"))
        {
            return true;
        }

        return parameter.GetAttributes().Any(a => a.AttributeClass?.Name == "FromFormAttribute");
    }

    /// <summary>
    /// MVC and Razor Pages read the form asynchronously before the handler runs when antiforgery validation
    /// applies (always for Razor Pages POST handlers) or when an action binds parameters through the value
    /// providers, which include the form.
    /// </summary>
    private static bool FormReadByFramework(IMethodSymbol handler)
    {
        INamedTypeSymbol? type = handler.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (HasAntiforgeryAttribute(handler) || HasAntiforgeryAttribute(type) || DerivesFrom(type, "PageModel", "Microsoft.AspNetCore.Mvc.RazorPages"))
        {
            return true;
        }

        return DerivesFrom(type, "ControllerBase", "Microsoft.AspNetCore.Mvc")
            && handler.Parameters.Any(p => !IsCancellationToken(p.Type)
                && !p.GetAttributes().Any(a => a.AttributeClass?.Name is "FromBodyAttribute" or "FromServicesAttribute" or "FromKeyedServicesAttribute"));
    }

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type.Name == "CancellationToken" && Namespaces.Is(type.ContainingNamespace, "System.Threading");

    private static bool HasAntiforgeryAttribute(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.Name is "ValidateAntiForgeryTokenAttribute" or "AutoValidateAntiforgeryTokenAttribute");

    private static bool DerivesFrom(ITypeSymbol? type, string name, string ns)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name && Namespaces.Is(current.ContainingNamespace, ns))
            {
                return true;
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

    private static bool IsHttpRequest(ITypeSymbol? type) => DerivesFrom(type, "HttpRequest", "Microsoft.AspNetCore.Http");
}
