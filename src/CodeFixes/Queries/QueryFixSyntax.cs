using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using NoDowntime.Analyzers.Queries;

namespace NoDowntime.Analyzers.CodeFixes.Queries;

/// <summary>Syntax edits the ND2 fixes share: a call inserted into a chain, a using, an option in <c>FindOptions</c>.</summary>
internal static class QueryFixSyntax
{
    internal const string MongoLinqNamespace = "MongoDB.Driver.Linq";

    internal static ExpressionSyntax Number(string value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.ParseToken(value));

    internal static bool IsQueryable(ITypeSymbol type, QueryTypes types) =>
        QueryTypes.Is(type, types.IQueryable1) || type.AllInterfaces.Any(i => QueryTypes.Is(i, types.IQueryable1));

    /// <summary>The terminal call a diagnostic reported at its name: <c>receiver.Name(...)</c>.</summary>
    internal static (MemberAccessExpressionSyntax MemberAccess, InvocationExpressionSyntax Invocation)? TerminalAt(SyntaxNode root, Diagnostic diagnostic)
    {
        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == node
            && memberAccess.Parent is InvocationExpressionSyntax invocation
            ? (memberAccess, invocation)
            : null;
    }

    /// <summary><c>receiver.ToListAsync()</c> becomes <c>receiver.Take(N).ToListAsync()</c>, on its own line when the chain is split over lines.</summary>
    internal static SyntaxNode InsertCall(SyntaxNode root, MemberAccessExpressionSyntax memberAccess, string name, ExpressionSyntax argument)
    {
        ExpressionSyntax receiver = memberAccess.Expression;
        bool split = receiver.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        SyntaxToken dot = SyntaxFactory.Token(SyntaxKind.DotToken).WithLeadingTrivia(split ? memberAccess.OperatorToken.LeadingTrivia : default);
        ExpressionSyntax bounded = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    split ? receiver : receiver.WithoutTrailingTrivia(),
                    dot,
                    SyntaxFactory.IdentifierName(name)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))))
            .WithTrailingTrivia(receiver.GetTrailingTrivia());
        return root.ReplaceNode(memberAccess, memberAccess.WithExpression(bounded));
    }

    internal static SyntaxNode AddUsing(SyntaxNode root, string ns)
    {
        if (root is not CompilationUnitSyntax unit || unit.Usings.Any(u => u.Name?.ToString() == ns && u.Alias is null))
        {
            return root;
        }

        UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns));
        if (unit.Usings.Count == 0)
        {
            return unit.WithUsings(unit.Usings.Add(directive.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation)));
        }

        // Sorted among the plain usings, with the same line ending as its neighbour.
        int index = unit.Usings.TakeWhile(u => string.CompareOrdinal(u.Name?.ToString(), ns) < 0 && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Alias is null).Count();
        UsingDirectiveSyntax neighbour = unit.Usings[index == 0 ? 0 : index - 1];
        SyntaxTriviaList endOfLine = SyntaxFactory.TriviaList(neighbour.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
        return unit.WithUsings(unit.Usings.Insert(index, directive.WithTrailingTrivia(endOfLine.Count > 0 ? endOfLine : SyntaxFactory.TriviaList(SyntaxFactory.ElasticLineFeed))));
    }

    /// <summary>Sets <c>name = value</c> in the options of the <c>FindAsync</c>/<c>FindSync</c> call the cursor comes from.</summary>
    internal static SyntaxNode? SetFindOption(SyntaxNode root, SemanticModel model, QueryTypes types, IInvocationOperation terminal, string name, ExpressionSyntax value)
    {
        QueryChain chain = new QueryChainWalker(types).Walk(QueryChainWalker.Receiver(terminal));
        if (chain.Source != QuerySourceKind.MongoFindCursor
            || chain.SourceOperation is not IInvocationOperation find
            || find.Syntax is not InvocationExpressionSyntax findSyntax
            || find.Syntax.SyntaxTree != root.SyntaxTree)
        {
            return null;
        }

        IParameterSymbol? optionsParameter = find.TargetMethod.Parameters.FirstOrDefault(p => p.Name == "options");
        if (optionsParameter?.Type is not INamedTypeSymbol { TypeArguments.Length: 2 } optionsType)
        {
            return null;
        }

        AssignmentExpressionSyntax limitAssignment = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(name),
            value);

        IArgumentOperation? optionsArgument = find.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, optionsParameter));
        if (optionsArgument is { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax argumentSyntax })
        {
            switch (argumentSyntax.Expression)
            {
                case BaseObjectCreationExpressionSyntax creation:
                    InitializerExpressionSyntax initializer = creation.Initializer is null
                        ? SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(limitAssignment))
                        : creation.Initializer.AddExpressions(limitAssignment);
                    BaseObjectCreationExpressionSyntax updated = creation.Initializer is null && creation is ObjectCreationExpressionSyntax { ArgumentList: null } named
                        ? named.WithType(named.Type.WithoutTrailingTrivia()).WithArgumentList(SyntaxFactory.ArgumentList()).WithInitializer(initializer)
                        : creation.WithInitializer(initializer);
                    return root.ReplaceNode(creation, updated.WithAdditionalAnnotations(Formatter.Annotation));
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression):
                case LiteralExpressionSyntax defaultLiteral when defaultLiteral.IsKind(SyntaxKind.DefaultLiteralExpression):
                    return root.ReplaceNode(argumentSyntax.Expression, NewOptions(model, types, optionsType, limitAssignment, findSyntax.SpanStart).WithTriviaFrom(argumentSyntax.Expression));
                default:
                    return null;
            }
        }

        // No options yet: add them as a named argument right after the filter.
        int filterIndex = findSyntax.ArgumentList.Arguments.IndexOf(a => find.Arguments.Any(o => o.Syntax == a && o.Parameter?.Name == "filter"));
        if (filterIndex < 0)
        {
            return null;
        }

        ArgumentSyntax newArgument = SyntaxFactory.Argument(NewOptions(model, types, optionsType, limitAssignment, findSyntax.SpanStart))
            .WithNameColon(SyntaxFactory.NameColon("options"));
        ArgumentListSyntax arguments = findSyntax.ArgumentList.WithArguments(findSyntax.ArgumentList.Arguments.Insert(filterIndex + 1, newArgument));
        return root.ReplaceNode(findSyntax.ArgumentList, arguments);
    }

    private static ExpressionSyntax NewOptions(SemanticModel model, QueryTypes types, INamedTypeSymbol optionsType, ExpressionSyntax limitAssignment, int position)
    {
        // FindOptions<TDocument> derives from FindOptions<TDocument, TDocument>: the shorter name reads better.
        ITypeSymbol type = optionsType;
        if (SymbolEqualityComparer.Default.Equals(optionsType.TypeArguments[0], optionsType.TypeArguments[1])
            && model.Compilation.GetTypeByMetadataName("MongoDB.Driver.FindOptions`1") is { } single)
        {
            type = single.Construct(optionsType.TypeArguments[0]);
        }

        TypeSyntax typeSyntax = SyntaxFactory.ParseTypeName(type.ToMinimalDisplayString(model, position));
        return SyntaxFactory.ObjectCreationExpression(typeSyntax)
            .WithArgumentList(null)
            .WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList(limitAssignment)))
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
    }
}
