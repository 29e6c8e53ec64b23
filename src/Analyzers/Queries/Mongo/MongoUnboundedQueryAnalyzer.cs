using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Queries.Mongo;

/// <summary>
/// ND2001 and ND2004: a MongoDB multi-document read materialised without a limit; ND2004 when it also has no
/// filter (a whole-collection scan). Both come from the same walk and never fire together.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MongoUnboundedQueryAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(Rules.UnboundedMongoQuery, Rules.WholeCollectionScan);

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

            var options = new NoDowntimeOptions<QueryOptions>(start.Options, QueryOptions.Parse);
            start.RegisterOperationAction(c => Analyze(c, types, options), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, QueryTypes types, NoDowntimeOptions<QueryOptions> options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (QueryTerminals.Classify(invocation, types, out IOperation? query) != TerminalKind.Materialise)
        {
            return;
        }

        QueryChain chain = new QueryChainWalker(types).Walk(query);
        if (!chain.IsMongo || chain.Unresolved || chain.IsSizeBounded)
        {
            return;
        }

        int max = options.For(invocation.Syntax.SyntaxTree).MaxQueryLimit;
        DiagnosticDescriptor rule = chain.ReadsWholeCollection ? Rules.WholeCollectionScan : Rules.UnboundedMongoQuery;
        context.ReportDiagnostic(Diagnostic.Create(
            rule,
            QueryTerminals.NameLocation(invocation),
            ImmutableDictionary<string, string?>.Empty.Add(QueryOptions.MaxLimitProperty, max.ToString(CultureInfo.InvariantCulture)),
            invocation.TargetMethod.Name,
            chain.DocumentType?.Name ?? "document",
            max));
    }
}
