using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Queries;

/// <summary>
/// The MongoDB driver, EF Core and LINQ types the query rules recognise, resolved once per compilation by
/// metadata name (the driver's v2 and v3 shapes share these names; only <c>IMongoQueryable`1</c> is v2-only).
/// </summary>
internal sealed class QueryTypes
{
    private QueryTypes(Compilation compilation)
    {
        MongoCollection = compilation.GetTypeByMetadataName("MongoDB.Driver.IMongoCollection`1");
        MongoCollectionExtensions = compilation.GetTypeByMetadataName("MongoDB.Driver.IMongoCollectionExtensions");
        MongoDatabase = compilation.GetTypeByMetadataName("MongoDB.Driver.IMongoDatabase");
        MongoDatabaseExtensions = compilation.GetTypeByMetadataName("MongoDB.Driver.IMongoDatabaseExtensions");
        FindFluent = compilation.GetTypeByMetadataName("MongoDB.Driver.IFindFluent`2");
        OrderedFindFluent = compilation.GetTypeByMetadataName("MongoDB.Driver.IOrderedFindFluent`2");
        FindFluentExtensions = compilation.GetTypeByMetadataName("MongoDB.Driver.IFindFluentExtensions");
        AggregateFluent = compilation.GetTypeByMetadataName("MongoDB.Driver.IAggregateFluent`1");
        OrderedAggregateFluent = compilation.GetTypeByMetadataName("MongoDB.Driver.IOrderedAggregateFluent`1");
        AggregateFluentExtensions = compilation.GetTypeByMetadataName("MongoDB.Driver.IAggregateFluentExtensions");
        AsyncCursorSource = compilation.GetTypeByMetadataName("MongoDB.Driver.IAsyncCursorSource`1");
        AsyncCursor = compilation.GetTypeByMetadataName("MongoDB.Driver.IAsyncCursor`1");
        AsyncCursorSourceExtensions = compilation.GetTypeByMetadataName("MongoDB.Driver.IAsyncCursorSourceExtensions");
        AsyncCursorExtensions = compilation.GetTypeByMetadataName("MongoDB.Driver.IAsyncCursorExtensions");
        FindOptions2 = compilation.GetTypeByMetadataName("MongoDB.Driver.FindOptions`2");
        FilterDefinition = compilation.GetTypeByMetadataName("MongoDB.Driver.FilterDefinition`1");
        FilterDefinitionBuilder = compilation.GetTypeByMetadataName("MongoDB.Driver.FilterDefinitionBuilder`1");
        PipelineDefinition = compilation.GetTypeByMetadataName("MongoDB.Driver.PipelineDefinition`2");
        PipelineDefinitionBuilder = compilation.GetTypeByMetadataName("MongoDB.Driver.PipelineDefinitionBuilder");
        PipelineStageDefinitionBuilder = compilation.GetTypeByMetadataName("MongoDB.Driver.PipelineStageDefinitionBuilder");
        BsonDocument = compilation.GetTypeByMetadataName("MongoDB.Bson.BsonDocument");
        MongoQueryable = compilation.GetTypeByMetadataName("MongoDB.Driver.Linq.MongoQueryable");
        MongoQueryableInterface = compilation.GetTypeByMetadataName("MongoDB.Driver.Linq.IMongoQueryable`1");
        OrderedMongoQueryableInterface = compilation.GetTypeByMetadataName("MongoDB.Driver.Linq.IOrderedMongoQueryable`1");

        DbSet = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1");
        EfQueryableExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        EfRelationalQueryableExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        IncludableQueryable = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.Query.IIncludableQueryable`2");

        Queryable = compilation.GetTypeByMetadataName("System.Linq.Queryable");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        AsyncEnumerable = compilation.GetTypeByMetadataName("System.Linq.AsyncEnumerable");
        IQueryable1 = compilation.GetTypeByMetadataName("System.Linq.IQueryable`1");
        IOrderedQueryable1 = compilation.GetTypeByMetadataName("System.Linq.IOrderedQueryable`1");
        IEnumerable1 = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        IOrderedEnumerable1 = compilation.GetTypeByMetadataName("System.Linq.IOrderedEnumerable`1");
        IAsyncEnumerable1 = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
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
