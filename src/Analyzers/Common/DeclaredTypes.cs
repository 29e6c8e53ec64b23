using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// The types a called method declares (its return and parameter types), read from its definition. A constructed generic method
/// (<c>ToList&lt;Order&gt;</c>, a new object at each call site) works out its substituted signature when first asked,
/// which allocated for nearly every call of a program in the analyzers that look at each call. Only a type
/// parameter in that position needs the constructed method's type. Use these where the answer depends on a type's
/// definition alone (<c>Task&lt;T&gt;</c>, a non-generic interface): a definition's types keep their type
/// parameters (<c>Task&lt;List&lt;T&gt;&gt;</c> for <c>Task&lt;List&lt;Order&gt;&gt;</c>).
/// </summary>
internal static class DeclaredTypes
{
    internal static ITypeSymbol ReturnTypeOf(IMethodSymbol method) =>
        method.OriginalDefinition.ReturnType is ITypeParameterSymbol ? method.ReturnType : method.OriginalDefinition.ReturnType;

    internal static ITypeSymbol? FirstParameterTypeOf(IMethodSymbol method) =>
        method.OriginalDefinition.Parameters is { Length: > 0 } parameters
            ? parameters[0].Type is ITypeParameterSymbol ? method.Parameters[0].Type : parameters[0].Type
            : null;

    internal static ITypeSymbol TypeOf(IParameterSymbol parameter) =>
        parameter.OriginalDefinition.Type is ITypeParameterSymbol ? parameter.Type : parameter.OriginalDefinition.Type;
}
