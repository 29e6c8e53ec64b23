using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Queries.EntityFramework;

/// <summary>ND2002: a query over a <c>DbSet&lt;T&gt;</c> materialised without <c>Take</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EfCoreUnboundedQueryAnalyzer : UnboundedQueryAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.UnboundedEfCoreQuery);

    private protected override string ItemNoun => "entity";

    private protected override bool AppliesTo(QueryTypes types) => types.HasEntityFramework;

    private protected override bool Owns(QueryChain chain) => chain.IsEntityFramework;

    private protected override DiagnosticDescriptor RuleFor(QueryChain chain) => Rules.UnboundedEfCoreQuery;
}
