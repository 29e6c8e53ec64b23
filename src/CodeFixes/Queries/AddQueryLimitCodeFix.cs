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
        if (QueryFixSyntax.TerminalAt(root, diagnostic) is not var (memberAccess, invocation))
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
            return QueryFixSyntax.InsertCall(root, memberAccess, "Limit", QueryFixSyntax.Number(limit));
        }

        if (QueryFixSyntax.IsQueryable(receiverType, types))
        {
            method = "Take";
            SyntaxNode fixedRoot = QueryFixSyntax.InsertCall(root, memberAccess, "Take", QueryFixSyntax.Number(limit));
            bool needsMongoLinq = QueryTypes.Is(receiverType, types.MongoQueryableInterface) || QueryTypes.Is(receiverType, types.OrderedMongoQueryableInterface);
            return needsMongoLinq ? QueryFixSyntax.AddUsing(fixedRoot, QueryFixSyntax.MongoLinqNamespace) : fixedRoot;
        }

        if (QueryTypes.Is(receiverType, types.AsyncCursor))
        {
            method = "Limit =";
            return model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                ? QueryFixSyntax.SetFindOption(root, model, types, operation, "Limit", QueryFixSyntax.Number(limit))
                : null;
        }

        return null;
    }

}
