using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Queries.Mongo;

/// <summary>
/// ND2001 and ND2004: a MongoDB multi-document read materialised without a limit; ND2004 when it also has no
/// filter (a whole-collection scan). Both come from the same walk and never fire together.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MongoUnboundedQueryAnalyzer : UnboundedQueryAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(Rules.UnboundedMongoQuery, Rules.WholeCollectionScan);

    private protected override string ItemNoun => "document";

    private protected override bool AppliesTo(QueryTypes types) => types.HasMongo;

    private protected override bool Owns(QueryChain chain) => chain.IsMongo;

    private protected override DiagnosticDescriptor RuleFor(QueryChain chain) =>
        chain.ReadsWholeCollection ? Rules.WholeCollectionScan : Rules.UnboundedMongoQuery;
}
