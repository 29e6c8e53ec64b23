using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Queries.EntityFramework;

/// <summary>ND2002: a query over a <c>DbSet&lt;T&gt;</c> materialised without <c>Take</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EfCoreUnboundedQueryAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.UnboundedEfCoreQuery);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            QueryTypes types = QueryTypes.Create(start.Compilation);
            if (!types.HasEntityFramework || TestProjects.IsTestProject(start.Compilation))
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
        if (!chain.IsEntityFramework || chain.Unresolved || chain.IsSizeBounded)
        {
            return;
        }

        int max = options.For(invocation.Syntax.SyntaxTree).MaxQueryLimit;
        context.ReportDiagnostic(Diagnostic.Create(
            Rules.UnboundedEfCoreQuery,
            QueryTerminals.NameLocation(invocation),
            ImmutableDictionary<string, string?>.Empty.Add(QueryOptions.MaxLimitProperty, max.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            invocation.TargetMethod.Name,
            chain.DocumentType?.Name ?? "entity",
            max));
    }
}
