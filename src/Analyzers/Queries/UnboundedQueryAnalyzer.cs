using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Queries;

/// <summary>
/// A query materialised in memory with no limit. The MongoDB and EF Core rules share this walk and differ only in
/// which queries they own and which descriptor they report.
/// </summary>
public abstract class UnboundedQueryAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            QueryTypes types = QueryTypes.Create(start.Compilation);
            if (!AppliesTo(types) || TestProjects.IsTestProject(start.Compilation))
            {
                return;
            }

            var options = new NoDowntimeOptions<QueryOptions>(start.Options, QueryOptions.Parse);
            start.RegisterOperationAction(c => Analyze(c, types, options), OperationKind.Invocation);
        });
    }

    /// <summary>True when the compilation references the data library whose queries this rule owns.</summary>
    private protected abstract bool AppliesTo(QueryTypes types);

    private protected abstract bool Owns(QueryChain chain);

    private protected abstract DiagnosticDescriptor RuleFor(QueryChain chain);

    /// <summary>What the message calls an item when the element type is unknown ("document", "entity").</summary>
    private protected abstract string ItemNoun { get; }

    private void Analyze(OperationAnalysisContext context, QueryTypes types, NoDowntimeOptions<QueryOptions> options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (QueryTerminals.Classify(invocation, types, out IOperation? query) != TerminalKind.Materialise)
        {
            return;
        }

        QueryChain chain = new QueryChainWalker(types).Walk(query);
        if (!Owns(chain) || chain.Unresolved || chain.IsSizeBounded)
        {
            return;
        }

        int max = options.For(invocation.Syntax.SyntaxTree).MaxQueryLimit;
        context.ReportDiagnostic(Diagnostic.Create(
            RuleFor(chain),
            QueryTerminals.NameLocation(invocation),
            ImmutableDictionary<string, string?>.Empty.Add(QueryOptions.MaxLimitProperty, max.ToString(CultureInfo.InvariantCulture)),
            invocation.TargetMethod.Name,
            chain.DocumentType?.Name ?? ItemNoun,
            max));
    }
}
