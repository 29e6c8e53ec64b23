using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Queries.Mongo;

/// <summary>
/// ND2005: a MongoDB multi-document read, materialised or streamed, that returns whole documents (no
/// <c>Project</c>, <c>FindOptions.Projection</c>, <c>$project</c> or reshaping stage, or LINQ <c>Select</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MongoProjectionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.MongoQueryWithoutProjection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            QueryTypes types = QueryTypes.Create(start.Compilation);
            if (!types.HasMongo || TestProjects.IsTestProject(start.Compilation))
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeLoop(c, types), OperationKind.Loop);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, QueryTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        TerminalKind kind = QueryTerminals.Classify(invocation, types, out IOperation? query);
        if (kind == TerminalKind.None)
        {
            if (IsCursorSource(invocation, types) && !CursorIsConsumedByExtension(invocation, types))
            {
                // await coll.FindAsync(f) read with MoveNextAsync / Current: the call itself is the read.
                Report(context, types, invocation, invocation);
            }

            return;
        }

        // ToEnumerable()/ToAsyncEnumerable() fed into ToList or another operator: that call is the read.
        if (kind == TerminalKind.Stream && invocation.TargetMethod.Name is "ToEnumerable" or "ToAsyncEnumerable" or "AsAsyncEnumerable"
            && QueryTerminals.IsConsumedAsReceiver(invocation))
        {
            return;
        }

        Report(context, types, invocation, query);
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, QueryTypes types)
    {
        if (context.Operation is not IForEachLoopOperation loop)
        {
            return;
        }

        IOperation? collection = QueryChainWalker.Unwrap(loop.Collection);
        if (collection is null || collection is IInvocationOperation invocation && QueryTerminals.Classify(invocation, types, out _) != TerminalKind.None)
        {
            // foreach over ToEnumerable() / ToAsyncEnumerable(): reported at that call.
            return;
        }

        if (!types.IsQueryShape(collection.Type) || QueryTypes.Is(collection.Type, types.IEnumerable1) && collection is not IInvocationOperation)
        {
            return;
        }

        Report(context, types, collection, collection, loop.Collection.Syntax.GetLocation());
    }

    private static void Report(OperationAnalysisContext context, QueryTypes types, IOperation at, IOperation? query, Location? location = null)
    {
        QueryChain chain = new QueryChainWalker(types).Walk(query);
        if (!chain.IsMongo || chain.Unresolved || chain.HasProjection || chain.IsSingleDocument)
        {
            return;
        }

        string name = at is IInvocationOperation call && location is null ? call.TargetMethod.Name : "foreach";
        location ??= at is IInvocationOperation ? QueryTerminals.NameLocation(at) : at.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Rules.MongoQueryWithoutProjection, location, name, chain.DocumentType?.Name ?? "document"));
    }

    /// <summary><c>FindAsync</c>/<c>FindSync</c> and the pipeline <c>Aggregate(Async)</c>: calls that return a cursor over documents.</summary>
    private static bool IsCursorSource(IInvocationOperation invocation, QueryTypes types)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name is not ("FindAsync" or "FindSync" or "Aggregate" or "AggregateAsync"))
        {
            return false;
        }

        INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
        if (QueryTypes.Is(container, types.MongoCollectionExtensions))
        {
            return method.Name is "FindAsync" or "FindSync";
        }

        return QueryTypes.Is(container, types.MongoCollection) && method.Name is "FindAsync" or "FindSync" or "Aggregate" or "AggregateAsync";
    }

    /// <summary>
    /// Whether the cursor goes to an <c>IAsyncCursorExtensions</c> call (<c>ToListAsync</c>, <c>FirstOrDefault</c>,
    /// <c>ForEachAsync</c>, ...), directly or through a local: that call decides how the read is judged.
    /// </summary>
    private static bool CursorIsConsumedByExtension(IInvocationOperation source, QueryTypes types)
    {
        IOperation current = source;
        while (current.Parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation)
        {
            current = current.Parent;
        }

        if (IsCursorExtensionReceiver(current, types))
        {
            return true;
        }

        ILocalSymbol? local = current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (local is null)
        {
            return false;
        }

        foreach (IOperation operation in QueryChainWalker.Root(source).Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                IOperation use = reference;
                while (use.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    use = use.Parent;
                }

                if (IsCursorExtensionReceiver(use, types))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsCursorExtensionReceiver(IOperation value, QueryTypes types) =>
        value.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation consumer }
        && consumer.TargetMethod.IsExtensionMethod
        && (QueryTypes.Is(consumer.TargetMethod.ContainingType, types.AsyncCursorExtensions)
            || QueryTypes.Is(consumer.TargetMethod.ContainingType, types.MongoQueryable));
}
