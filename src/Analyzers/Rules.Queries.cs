using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers;

/// <summary>ND2: unbounded data queries (MongoDB and EF Core).</summary>
internal static partial class Rules
{
    internal static readonly DiagnosticDescriptor UnboundedMongoQuery = Create(
        "ND2001",
        "MongoDB query result is loaded into memory without a limit",
        "'{0}' loads every '{1}' document the query matches into memory, with no limit; add .Limit(n) with n at most {2}, page by key, or stream the result through a cursor",
        Categories.Queries,
        DiagnosticSeverity.Warning,
        "A MongoDB multi-document read (Find, FindAsync, FindSync, Aggregate, AsQueryable) whose whole result is materialised (ToList, ToListAsync, ToArray, ...) without Limit, Take, FindOptions.Limit or a $limit stage grows with the collection until it blows the latency budget and the memory of the service.");

    internal static readonly DiagnosticDescriptor UnboundedEfCoreQuery = Create(
        "ND2002",
        "EF Core query is loaded into memory without Take",
        "'{0}' loads every '{1}' row the query matches into memory, with no Take; add .Take(n) with n at most {2}, page by key, or stream the rows with AsAsyncEnumerable",
        Categories.Queries,
        DiagnosticSeverity.Warning,
        "A query over a DbSet<T> materialised with ToList(Async), ToArray(Async), ToDictionary(Async) or ToHashSet(Async) and no Take reads as many rows as the table holds.");

    internal static readonly DiagnosticDescriptor QueryLimitTooLarge = Create(
        "ND2003",
        "Query limit is above the configured maximum",
        "The limit {0} is above the maximum of {1} items per query (nodowntime.max_query_limit); read at most {1} items per call and page by key for the rest",
        Categories.Queries,
        DiagnosticSeverity.Warning,
        "A constant Limit, Take, FindOptions.Limit or $limit above nodowntime.max_query_limit (default 1000) loads more items in one call than a service that must answer quickly can afford.");

    internal static readonly DiagnosticDescriptor WholeCollectionScan = Create(
        "ND2004",
        "Whole MongoDB collection is loaded into memory",
        "'{0}' reads the whole '{1}' collection into memory: the query has no filter and no limit; filter it, add .Limit(n) with n at most {2}, or stream it through a cursor",
        Categories.Queries,
        DiagnosticSeverity.Warning,
        "A MongoDB read with an empty filter (FilterDefinition<T>.Empty, Builders<T>.Filter.Empty, _ => true, new BsonDocument(), an AsQueryable or Aggregate with no Where or $match) materialised without a limit scans and loads the whole collection.");

    internal static readonly DiagnosticDescriptor MongoQueryWithoutProjection = Create(
        "ND2005",
        "MongoDB query returns whole documents",
        "'{0}' returns whole '{1}' documents; project only the fields the code uses (Project, FindOptions.Projection, a $project stage or Select)",
        Categories.Queries,
        DiagnosticSeverity.Warning,
        "A MongoDB multi-document read, materialised or streamed, without Project, FindOptions.Projection, a $project (or reshaping) stage or a LINQ Select transfers and deserialises every field of every document.");
}
