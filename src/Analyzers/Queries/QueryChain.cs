using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Queries;

/// <summary>Where a query starts.</summary>
internal enum QuerySourceKind
{
    /// <summary>No query source was found (in-memory data, or a chain the model cannot follow).</summary>
    None,

    /// <summary><c>collection.Find(...)</c>: an <c>IFindFluent</c>.</summary>
    MongoFind,

    /// <summary><c>collection.FindAsync(...)</c> / <c>FindSync(...)</c>: a cursor, bounded only through its options.</summary>
    MongoFindCursor,

    /// <summary><c>collection.Aggregate()</c>: an <c>IAggregateFluent</c>.</summary>
    MongoAggregate,

    /// <summary><c>collection.Aggregate(pipeline)</c> / <c>AggregateAsync(pipeline)</c>: a cursor over a pipeline.</summary>
    MongoAggregateCursor,

    /// <summary><c>collection.AsQueryable()</c>: MongoDB LINQ (v2 <c>IMongoQueryable</c>, v3 <c>IQueryable</c>).</summary>
    MongoQueryable,

    /// <summary>A <c>DbSet&lt;T&gt;</c> (a property of a <c>DbContext</c>, <c>Set&lt;T&gt;()</c>, ...).</summary>
    EfDbSet,
}

/// <summary>What the query-chain walk learned about one query, from its run call back to its source.</summary>
internal sealed class QueryChain
{
    public QuerySourceKind Source { get; set; }

    /// <summary>The source operation: the <c>Find</c>/<c>Aggregate</c>/<c>AsQueryable</c> call, or the <c>DbSet</c> expression.</summary>
    public IOperation? SourceOperation { get; set; }

    /// <summary>The document (entity) type the source reads.</summary>
    public ITypeSymbol? DocumentType { get; set; }

    /// <summary>Some part of the chain could not be followed (a parameter, a field, an unknown method): say nothing.</summary>
    public bool Unresolved { get; set; }

    /// <summary>A limit is applied: <c>Limit</c>, <c>Take</c>, <c>FindOptions.Limit</c>, <c>$limit</c> (constant or not).</summary>
    public bool HasLimit { get; set; }

    /// <summary>The smallest constant limit seen, when one is constant.</summary>
    public long? ConstantLimit { get; set; }

    /// <summary>A projection or reshaping stage: <c>Project</c>, <c>Select</c>, <c>$project</c>, <c>$group</c>, ...</summary>
    public bool HasProjection { get; set; }

    /// <summary>The result is aggregated (<c>$group</c>, <c>GroupBy</c>, <c>$count</c>, <c>Distinct</c>, ...): its size is not the collection's.</summary>
    public bool Aggregated { get; set; }

    /// <summary>A filter (or a <c>Where</c> / <c>$match</c> stage) that is not empty.</summary>
    public bool HasFilter { get; set; }

    /// <summary>The source's filter is empty (<c>FilterDefinition&lt;T&gt;.Empty</c>, <c>_ =&gt; true</c>, <c>new BsonDocument()</c>).</summary>
    public bool EmptyFilter { get; set; }

    /// <summary>The query selects one document by its key (<c>x =&gt; x.Id == id</c>): a single-document read.</summary>
    public bool ByKey { get; set; }

    /// <summary>The query selects documents by a set of keys (<c>ids.Contains(x.Id)</c>, <c>Filter.In(x =&gt; x.Id, ids)</c>): bounded by the caller's keys.</summary>
    public bool ByKeys { get; set; }

    /// <summary>The size rules apply: not single-document, not keyed, not aggregated.</summary>
    public bool IsSizeBounded => IsSingleDocument || ByKeys || Aggregated || HasLimit;

    public bool IsMongo => Source is QuerySourceKind.MongoFind or QuerySourceKind.MongoFindCursor or QuerySourceKind.MongoAggregate
        or QuerySourceKind.MongoAggregateCursor or QuerySourceKind.MongoQueryable;

    public bool IsEntityFramework => Source == QuerySourceKind.EfDbSet;

    /// <summary>At most one document comes back, so neither the size nor the projection rules apply.</summary>
    public bool IsSingleDocument => ByKey || (ConstantLimit is long limit && limit is >= -1 and <= 1 && limit != 0);

    /// <summary>The whole collection is read: an empty filter, or a LINQ / aggregate source with no filter at all.</summary>
    public bool ReadsWholeCollection =>
        !HasFilter && (EmptyFilter || Source is QuerySourceKind.MongoQueryable or QuerySourceKind.MongoAggregate);

    internal void AddLimit(long? constant)
    {
        HasLimit = true;
        if (constant is long value && (ConstantLimit is null || value < ConstantLimit))
        {
            ConstantLimit = value;
        }
    }
}
