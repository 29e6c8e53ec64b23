using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace NoDowntime.Analyzers.CodeFixes.StaticState;

/// <summary>
/// ND4003: a settable static <c>Dictionary</c>, <c>HashSet</c>, <c>List</c> or array property that is only filled
/// in its initializer becomes a get-only <c>FrozenDictionary</c>, <c>FrozenSet</c> or <c>ImmutableArray</c>, with
/// <c>.ToFrozenDictionary()</c> / <c>.ToFrozenSet()</c> / <c>.ToImmutableArray()</c> on the initializer (keeping a
/// comparer passed to the constructor) and the <c>using</c> it needs. Offered only when every use still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseFrozenCollectionFix)), Shared]
public sealed class UseFrozenCollectionFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND4003.UseFrozenCollection";

    private const string FrozenNamespace = "System.Collections.Frozen";
    private const string ImmutableNamespace = "System.Collections.Immutable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.StaticPropertySettable.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            Conversion? conversion = await TryConvertAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (conversion is null)
            {
                continue;
            }

            Document fixedDocument = await ApplyAsync(context.Document, new[] { conversion }, context.CancellationToken).ConfigureAwait(false);
            context.RegisterCodeFix(
                CodeAction.Create($"Make it a get-only {conversion.TargetName}", _ => Task.FromResult(fixedDocument), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var conversions = new List<Conversion>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            if (await TryConvertAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } conversion)
            {
                conversions.Add(conversion);
            }
        }

        return conversions.Count == 0 ? document : await ApplyAsync(document, conversions, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rewrite of one flagged property, checked on its own: callers must still compile.</summary>
    private static async Task<Conversion?> TryConvertAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!StaticStateFixHelpers.HasNoRuntimeWrites(diagnostic))
        {
            return null;
        }

        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || StaticStateFixHelpers.FindProperty(root, diagnostic.Location.SourceSpan) is not { Initializer: { } initializer } property
            || model.GetDeclaredSymbol(property, cancellationToken) is not { } symbol
            || StaticStateFixHelpers.WithoutSetter(property) is not { } getOnly)
        {
            return null;
        }

        Conversion? conversion = Plan(property, getOnly, initializer.Value, symbol.Type, model, cancellationToken);
        if (conversion is null)
        {
            return null;
        }

        Document changed = await ApplyAsync(document, new[] { conversion }, cancellationToken).ConfigureAwait(false);
        return await StaticStateFixHelpers.StillCompilesAsync(document, changed.Project.Solution, symbol, cancellationToken).ConfigureAwait(false)
            ? conversion
            : null;
    }

    private static Conversion? Plan(
        PropertyDeclarationSyntax property,
        PropertyDeclarationSyntax getOnly,
        ExpressionSyntax value,
        ITypeSymbol type,
        SemanticModel model,
        CancellationToken cancellationToken)
    {
        string? target;
        string method;
        string ns;
        TypeArgumentListSyntax? typeArguments;
        switch (type)
        {
            case INamedTypeSymbol { IsGenericType: true } named when IsCollection(named, "Dictionary", 2):
                (target, method, ns) = ("FrozenDictionary", "ToFrozenDictionary", FrozenNamespace);
                typeArguments = TypeArguments(property.Type, named, model);
                break;
            case INamedTypeSymbol { IsGenericType: true } named when IsCollection(named, "HashSet", 1):
                (target, method, ns) = ("FrozenSet", "ToFrozenSet", FrozenNamespace);
                typeArguments = TypeArguments(property.Type, named, model);
                break;
            case INamedTypeSymbol { IsGenericType: true } named when IsCollection(named, "List", 1):
                (target, method, ns) = ("ImmutableArray", "ToImmutableArray", ImmutableNamespace);
                typeArguments = TypeArguments(property.Type, named, model);
                break;
            case IArrayTypeSymbol { Rank: 1 } when property.Type is ArrayTypeSyntax array:
                (target, method, ns) = ("ImmutableArray", "ToImmutableArray", ImmutableNamespace);
                typeArguments = SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(array.ElementType.WithoutTrivia()));
                break;
            default:
                return null;
        }

        if (typeArguments is null || model.Compilation.GetTypeByMetadataName(ns + "." + target + (target == "ImmutableArray" ? "`1" : "`" + typeArguments.Arguments.Count)) is null)
        {
            return null;
        }

        ExpressionSyntax? newValue = ConvertValue(property.Type, value, method, model, cancellationToken);
        if (newValue is null)
        {
            return null;
        }

        TypeSyntax newType = SyntaxFactory.GenericName(SyntaxFactory.Identifier(target), typeArguments).WithTriviaFrom(property.Type);
        PropertyDeclarationSyntax replacement = getOnly
            .WithType(newType)
            .WithInitializer(getOnly.Initializer!.WithValue(newValue))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return new Conversion(property, replacement, ns, target);
    }

    private static bool IsCollection(INamedTypeSymbol type, string name, int arity) =>
        type.Name == name && type.Arity == arity && type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

    private static TypeArgumentListSyntax? TypeArguments(TypeSyntax syntax, INamedTypeSymbol type, SemanticModel model)
    {
        TypeSyntax? inner = syntax is QualifiedNameSyntax qualified ? qualified.Right : syntax is AliasQualifiedNameSyntax alias ? alias.Name : syntax;
        if (inner is GenericNameSyntax generic)
        {
            return generic.TypeArgumentList.WithoutTrivia();
        }

        var arguments = type.TypeArguments.Select(t => SyntaxFactory.ParseTypeName(t.ToMinimalDisplayString(model, syntax.SpanStart)));
        return SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList(arguments));
    }

    /// <summary>
    /// <c>new() { ... }</c> becomes <c>new Dictionary&lt;K, V&gt; { ... }.ToFrozenDictionary()</c>; a comparer
    /// argument is passed on; other constructor arguments (a source collection) make the fix unavailable.
    /// </summary>
    private static ExpressionSyntax? ConvertValue(TypeSyntax originalType, ExpressionSyntax value, string method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (value is CollectionExpressionSyntax)
        {
            // A collection expression converts straight to ImmutableArray; the frozen types have no such conversion.
            return method == "ToImmutableArray" ? value : null;
        }

        ExpressionSyntax source = value.WithoutTrivia();
        ArgumentListSyntax? arguments = null;
        switch (value)
        {
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                arguments = implicitCreation.ArgumentList;
                bool dropParentheses = implicitCreation.Initializer is not null && arguments.Arguments.Count == 0;
                TypeSyntax createdType = dropParentheses
                    ? originalType.WithoutTrivia().WithTrailingTrivia(arguments.CloseParenToken.TrailingTrivia)
                    : originalType.WithoutTrivia();
                source = SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                    createdType,
                    dropParentheses ? null : arguments,
                    implicitCreation.Initializer);
                break;
            case ObjectCreationExpressionSyntax creation:
                arguments = creation.ArgumentList;
                break;
            case ArrayCreationExpressionSyntax { Initializer: null }:
                source = SyntaxFactory.ParenthesizedExpression(source);
                break;
            case ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or InvocationExpressionSyntax
                or MemberAccessExpressionSyntax or IdentifierNameSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax:
                break;
            default:
                source = SyntaxFactory.ParenthesizedExpression(source);
                break;
        }

        ArgumentSyntax? comparer = null;
        if (arguments is { Arguments.Count: > 0 })
        {
            if (model.GetSymbolInfo(value, cancellationToken).Symbol is not IMethodSymbol constructor)
            {
                return null;
            }

            foreach (ArgumentSyntax argument in arguments.Arguments)
            {
                ITypeSymbol? parameterType = model.GetTypeInfo(argument.Expression, cancellationToken).ConvertedType;
                if (parameterType?.SpecialType == SpecialType.System_Int32 && method != "ToImmutableArray")
                {
                    continue; // a capacity
                }

                if (parameterType is INamedTypeSymbol { Name: "IEqualityComparer", Arity: 1 } && comparer is null && constructor.Parameters.Length == arguments.Arguments.Count)
                {
                    comparer = SyntaxFactory.Argument(argument.Expression.WithoutTrivia());
                    continue;
                }

                return null;
            }
        }

        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, source, SyntaxFactory.IdentifierName(method)),
                comparer is null ? SyntaxFactory.ArgumentList() : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(comparer)))
            .WithTriviaFrom(value);
    }

    private static async Task<Document> ApplyAsync(Document document, IReadOnlyCollection<Conversion> conversions, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit)
        {
            return document;
        }

        var byOriginal = conversions.ToDictionary(c => (SyntaxNode)c.Original, c => (SyntaxNode)c.Replacement);
        unit = unit.ReplaceNodes(byOriginal.Keys, (original, _) => byOriginal[original]);
        foreach (string ns in conversions.Select(c => c.Namespace).Distinct(StringComparer.Ordinal))
        {
            unit = AddUsing(unit, ns, root.SyntaxTree.GetText(cancellationToken));
        }

        return document.WithSyntaxRoot(unit);
    }

    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, string ns, Microsoft.CodeAnalysis.Text.SourceText text)
    {
        bool Imports(SyntaxList<UsingDirectiveSyntax> usings) =>
            usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == ns);
        if (Imports(unit.Usings) || unit.Members.OfType<BaseNamespaceDeclarationSyntax>().Any(n => Imports(n.Usings)))
        {
            return unit;
        }

        string newLine = text.ToString().Contains("\r\n") ? "\r\n" : "\n";
        UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns))
            .NormalizeWhitespace()
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine));

        var plain = unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None)).ToList();
        if (plain.Count == 0)
        {
            if (unit.Usings.Count > 0)
            {
                return unit.WithUsings(unit.Usings.Add(directive));
            }

            // No usings yet: the directive goes first, separated from the code by a blank line, and the file's
            // leading comments stay at the top.
            SyntaxToken first = unit.GetFirstToken(includeZeroWidth: true);
            directive = directive.WithLeadingTrivia(first.LeadingTrivia)
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine), SyntaxFactory.EndOfLine(newLine));
            unit = unit.ReplaceToken(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty));
            return unit.WithUsings(unit.Usings.Add(directive));
        }

        // System namespaces first, then ordinal order, as the IDE sorts them.
        bool newIsSystem = IsSystem(ns);
        UsingDirectiveSyntax? before = plain.FirstOrDefault(u =>
        {
            string name = u.Name?.ToString() ?? string.Empty;
            return newIsSystem == IsSystem(name) ? string.CompareOrdinal(name, ns) > 0 : newIsSystem;
        });
        return before is null
            ? unit.WithUsings(unit.Usings.Insert(unit.Usings.IndexOf(plain[plain.Count - 1]) + 1, directive))
            : unit.WithUsings(unit.Usings.Insert(unit.Usings.IndexOf(before), directive));
    }

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>One property to rewrite and the namespace its new type needs.</summary>
    private sealed class Conversion
    {
        internal Conversion(PropertyDeclarationSyntax original, PropertyDeclarationSyntax replacement, string ns, string targetName)
        {
            Original = original;
            Replacement = replacement;
            Namespace = ns;
            TargetName = targetName;
        }

        internal PropertyDeclarationSyntax Original { get; }

        internal PropertyDeclarationSyntax Replacement { get; }

        internal string Namespace { get; }

        internal string TargetName { get; }
    }
}
