using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using NoDowntime.Analyzers.Queries;

namespace NoDowntime.Analyzers.CodeFixes.Queries;

/// <summary>
/// ND2001, ND2002, ND2004: bounds the query before it is materialised: <c>.Limit(N)</c> on a find or aggregate
/// fluent, <c>.Take(N)</c> on a LINQ query, <c>Limit = N</c> in the <c>FindOptions</c> of a <c>FindAsync</c>/<c>FindSync</c>
/// cursor. N is <c>nodowntime.max_query_limit</c> (default 1000).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddQueryLimitCodeFix)), Shared]
public sealed class AddQueryLimitCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "NoDowntime.AddQueryLimit";

    private const string MongoLinqNamespace = "MongoDB.Driver.Linq";

    public override ImmutableArray<string> FixableDiagnosticIds =>
        ImmutableArray.Create(Rules.UnboundedMongoQuery.Id, Rules.UnboundedEfCoreQuery.Id, Rules.WholeCollectionScan.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            string limit = diagnostic.Properties.TryGetValue(QueryOptions.MaxLimitProperty, out string? value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed)
                ? parsed.ToString(CultureInfo.InvariantCulture)
                : QueryOptions.DefaultMaxQueryLimit.ToString(CultureInfo.InvariantCulture);

            SyntaxNode? fixedRoot = TryFix(root, model, diagnostic, limit, context.CancellationToken, out string method);
            if (fixedRoot is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Add {method}({limit})", _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode? TryFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string limit, CancellationToken cancellationToken, out string method)
    {
        method = "Limit";
        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.Parent is not MemberAccessExpressionSyntax memberAccess || memberAccess.Name != node
            || memberAccess.Parent is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        var types = QueryTypes.Create(model.Compilation);
        ITypeSymbol? receiverType = model.GetTypeInfo(memberAccess.Expression, cancellationToken).Type;
        if (receiverType is null)
        {
            return null;
        }

        if (QueryTypes.Is(receiverType, types.FindFluent) || QueryTypes.Is(receiverType, types.OrderedFindFluent)
            || QueryTypes.Is(receiverType, types.AggregateFluent) || QueryTypes.Is(receiverType, types.OrderedAggregateFluent))
        {
            return InsertCall(root, memberAccess, "Limit", limit);
        }

        if (IsQueryable(receiverType, types))
        {
            method = "Take";
            SyntaxNode fixedRoot = InsertCall(root, memberAccess, "Take", limit);
            bool needsMongoLinq = QueryTypes.Is(receiverType, types.MongoQueryableInterface) || QueryTypes.Is(receiverType, types.OrderedMongoQueryableInterface);
            return needsMongoLinq ? AddUsing(fixedRoot, MongoLinqNamespace) : fixedRoot;
        }

        if (QueryTypes.Is(receiverType, types.AsyncCursor))
        {
            method = "Limit =";
            return model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                ? FixCursorOptions(root, model, types, operation, limit, cancellationToken)
                : null;
        }

        return null;
    }

    private static bool IsQueryable(ITypeSymbol type, QueryTypes types) =>
        QueryTypes.Is(type, types.IQueryable1) || type.AllInterfaces.Any(i => QueryTypes.Is(i, types.IQueryable1));

    /// <summary><c>receiver.ToListAsync()</c> becomes <c>receiver.Take(N).ToListAsync()</c>, on its own line when the chain is split over lines.</summary>
    private static SyntaxNode InsertCall(SyntaxNode root, MemberAccessExpressionSyntax memberAccess, string name, string limit)
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
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.ParseToken(limit))))))
            .WithTrailingTrivia(receiver.GetTrailingTrivia());
        return root.ReplaceNode(memberAccess, memberAccess.WithExpression(bounded));
    }

    private static SyntaxNode AddUsing(SyntaxNode root, string ns)
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

    /// <summary>Sets <c>Limit = N</c> in the options of the <c>FindAsync</c>/<c>FindSync</c> call the cursor comes from.</summary>
    private static SyntaxNode? FixCursorOptions(SyntaxNode root, SemanticModel model, QueryTypes types, IInvocationOperation terminal, string limit, CancellationToken cancellationToken)
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
            SyntaxFactory.IdentifierName("Limit"),
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.ParseToken(limit)));

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
