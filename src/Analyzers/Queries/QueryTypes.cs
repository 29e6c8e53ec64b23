using Microsoft.CodeAnalysis;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Queries;

/// <summary>
/// The MongoDB driver, EF Core and LINQ types the query rules recognise, resolved once per compilation by
/// metadata name (the driver's v2 and v3 shapes share these names; only <c>IMongoQueryable`1</c> is v2-only).
/// </summary>
internal sealed class QueryTypes
{
    private QueryTypes(Compilation compilation)
    {
        MongoCollection = WellKnownTypes.Get(compilation, "MongoDB.Driver.IMongoCollection`1");
        MongoCollectionExtensions = WellKnownTypes.Get(compilation, "MongoDB.Driver.IMongoCollectionExtensions");
        MongoDatabase = WellKnownTypes.Get(compilation, "MongoDB.Driver.IMongoDatabase");
        MongoDatabaseExtensions = WellKnownTypes.Get(compilation, "MongoDB.Driver.IMongoDatabaseExtensions");
        FindFluent = WellKnownTypes.Get(compilation, "MongoDB.Driver.IFindFluent`2");
        OrderedFindFluent = WellKnownTypes.Get(compilation, "MongoDB.Driver.IOrderedFindFluent`2");
        FindFluentExtensions = WellKnownTypes.Get(compilation, "MongoDB.Driver.IFindFluentExtensions");
        AggregateFluent = WellKnownTypes.Get(compilation, "MongoDB.Driver.IAggregateFluent`1");
        OrderedAggregateFluent = WellKnownTypes.Get(compilation, "MongoDB.Driver.IOrderedAggregateFluent`1");
        AggregateFluentExtensions = WellKnownTypes.Get(compilation, "MongoDB.Driver.IAggregateFluentExtensions");
        AsyncCursorSource = WellKnownTypes.Get(compilation, "MongoDB.Driver.IAsyncCursorSource`1");
        AsyncCursor = WellKnownTypes.Get(compilation, "MongoDB.Driver.IAsyncCursor`1");
        AsyncCursorSourceExtensions = WellKnownTypes.Get(compilation, "MongoDB.Driver.IAsyncCursorSourceExtensions");
        AsyncCursorExtensions = WellKnownTypes.Get(compilation, "MongoDB.Driver.IAsyncCursorExtensions");
        FindOptions2 = WellKnownTypes.Get(compilation, "MongoDB.Driver.FindOptions`2");
        FilterDefinition = WellKnownTypes.Get(compilation, "MongoDB.Driver.FilterDefinition`1");
        FilterDefinitionBuilder = WellKnownTypes.Get(compilation, "MongoDB.Driver.FilterDefinitionBuilder`1");
        PipelineDefinition = WellKnownTypes.Get(compilation, "MongoDB.Driver.PipelineDefinition`2");
        PipelineDefinitionBuilder = WellKnownTypes.Get(compilation, "MongoDB.Driver.PipelineDefinitionBuilder");
        PipelineStageDefinitionBuilder = WellKnownTypes.Get(compilation, "MongoDB.Driver.PipelineStageDefinitionBuilder");
        BsonDocument = WellKnownTypes.Get(compilation, "MongoDB.Bson.BsonDocument");
        MongoQueryable = WellKnownTypes.Get(compilation, "MongoDB.Driver.Linq.MongoQueryable");
        MongoQueryableInterface = WellKnownTypes.Get(compilation, "MongoDB.Driver.Linq.IMongoQueryable`1");
        OrderedMongoQueryableInterface = WellKnownTypes.Get(compilation, "MongoDB.Driver.Linq.IOrderedMongoQueryable`1");

        DbSet = WellKnownTypes.Get(compilation, "Microsoft.EntityFrameworkCore.DbSet`1");
        EfQueryableExtensions = WellKnownTypes.Get(compilation, "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        EfRelationalQueryableExtensions = WellKnownTypes.Get(compilation, "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        IncludableQueryable = WellKnownTypes.Get(compilation, "Microsoft.EntityFrameworkCore.Query.IIncludableQueryable`2");

        Queryable = WellKnownTypes.Get(compilation, "System.Linq.Queryable");
        Enumerable = WellKnownTypes.Get(compilation, "System.Linq.Enumerable");
        AsyncEnumerable = WellKnownTypes.Get(compilation, "System.Linq.AsyncEnumerable");
        IQueryable1 = WellKnownTypes.Get(compilation, "System.Linq.IQueryable`1");
        IOrderedQueryable1 = WellKnownTypes.Get(compilation, "System.Linq.IOrderedQueryable`1");
        IEnumerable1 = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        IOrderedEnumerable1 = WellKnownTypes.Get(compilation, "System.Linq.IOrderedEnumerable`1");
        IAsyncEnumerable1 = WellKnownTypes.Get(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
    }

    public INamedTypeSymbol? MongoCollection { get; }
    public INamedTypeSymbol? MongoCollectionExtensions { get; }
    public INamedTypeSymbol? MongoDatabase { get; }
    public INamedTypeSymbol? MongoDatabaseExtensions { get; }
    public INamedTypeSymbol? FindFluent { get; }
    public INamedTypeSymbol? OrderedFindFluent { get; }
    public INamedTypeSymbol? FindFluentExtensions { get; }
    public INamedTypeSymbol? AggregateFluent { get; }
    public INamedTypeSymbol? OrderedAggregateFluent { get; }
    public INamedTypeSymbol? AggregateFluentExtensions { get; }
    public INamedTypeSymbol? AsyncCursorSource { get; }
    public INamedTypeSymbol? AsyncCursor { get; }
    public INamedTypeSymbol? AsyncCursorSourceExtensions { get; }
    public INamedTypeSymbol? AsyncCursorExtensions { get; }
    public INamedTypeSymbol? FindOptions2 { get; }
    public INamedTypeSymbol? FilterDefinition { get; }
    public INamedTypeSymbol? FilterDefinitionBuilder { get; }
    public INamedTypeSymbol? PipelineDefinition { get; }
    public INamedTypeSymbol? PipelineDefinitionBuilder { get; }
    public INamedTypeSymbol? PipelineStageDefinitionBuilder { get; }
    public INamedTypeSymbol? BsonDocument { get; }
    public INamedTypeSymbol? MongoQueryable { get; }
    public INamedTypeSymbol? MongoQueryableInterface { get; }
    public INamedTypeSymbol? OrderedMongoQueryableInterface { get; }
    public INamedTypeSymbol? DbSet { get; }
    public INamedTypeSymbol? EfQueryableExtensions { get; }
    public INamedTypeSymbol? EfRelationalQueryableExtensions { get; }
    public INamedTypeSymbol? IncludableQueryable { get; }
    public INamedTypeSymbol? Queryable { get; }
    public INamedTypeSymbol? Enumerable { get; }
    public INamedTypeSymbol? AsyncEnumerable { get; }
    public INamedTypeSymbol? IQueryable1 { get; }
    public INamedTypeSymbol? IOrderedQueryable1 { get; }
    public INamedTypeSymbol? IEnumerable1 { get; }
    public INamedTypeSymbol? IOrderedEnumerable1 { get; }
    public INamedTypeSymbol? IAsyncEnumerable1 { get; }

    /// <summary>True when the MongoDB driver is referenced.</summary>
    public bool HasMongo => MongoCollection is not null && MongoCollectionExtensions is not null;

    /// <summary>True when EF Core is referenced.</summary>
    public bool HasEntityFramework => DbSet is not null;

    public static QueryTypes Create(Compilation compilation) => new(compilation);

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>Whether the type is, or derives from, <c>DbSet&lt;T&gt;</c>.</summary>
    public bool IsDbSet(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, DbSet))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Types a query keeps while it is still being composed (and not yet run).</summary>
    public bool IsQueryShape(ITypeSymbol? type) =>
        type is not null
        && (Is(type, IQueryable1) || Is(type, IOrderedQueryable1) || Is(type, MongoQueryableInterface) || Is(type, OrderedMongoQueryableInterface)
            || Is(type, FindFluent) || Is(type, OrderedFindFluent) || Is(type, AggregateFluent) || Is(type, OrderedAggregateFluent)
            || Is(type, IncludableQueryable) || Is(type, IEnumerable1) || Is(type, IOrderedEnumerable1) || Is(type, IAsyncEnumerable1)
            || Is(type, AsyncCursorSource) || Is(type, PipelineDefinition) || IsDbSet(type));

    /// <summary>Static classes and interfaces whose methods compose a query (operators that pass the query on).</summary>
    public bool IsOperatorContainer(INamedTypeSymbol? type) =>
        type is not null
        && (Is(type, Queryable) || Is(type, MongoQueryable) || Is(type, Enumerable) || Is(type, AsyncEnumerable)
            || Is(type, FindFluent) || Is(type, OrderedFindFluent) || Is(type, FindFluentExtensions)
            || Is(type, AggregateFluent) || Is(type, OrderedAggregateFluent) || Is(type, AggregateFluentExtensions)
            || Is(type, EfQueryableExtensions) || Is(type, EfRelationalQueryableExtensions) || Is(type, PipelineDefinitionBuilder)
            || Is(type, AsyncCursorSourceExtensions) || Is(type, AsyncCursorExtensions));
}
