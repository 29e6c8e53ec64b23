// Real-world call shapes that must compile against the stub. The trailing "// binds:" comments
// record what each call binds to (reference §13); "// v2: ... | v3: ..." when the flavours differ.
// Entries are "ContainingType.Member" (metadata names, so `1/`2 for generic types); "/N" pins the
// parameter count of the chosen overload and "!obs" that it is [Obsolete].
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Linq;

namespace StubUsage
{
    public sealed class Shapes
    {
        private readonly IMongoClient _client;
        private readonly IMongoDatabase _db;
        private readonly IMongoCollection<Order> _orders;
        private readonly IMongoCollection<Customer> _customers;

        public Shapes(string connectionString)
        {
            var client = new MongoClient(connectionString);
            var shop = client.GetDatabase("shop"); // binds: MongoClient.GetDatabase
            _client = client;
            _db = _client.GetDatabase("shop"); // binds: IMongoClient.GetDatabase
            _orders = shop.GetCollection<Order>("orders"); // binds: IMongoDatabase.GetCollection
            _customers = _db.GetCollection<Customer>("customers"); // binds: IMongoDatabase.GetCollection
        }

        // ------------------------------------------------------------ filters, projections, sorts

        public FilterDefinition<Order> Filters()
        {
            FilterDefinition<Order> json = "{ status: 'open' }";
            FilterDefinition<Order> doc = new BsonDocument("status", "open");
            FilterDefinition<Order> nested = new BsonDocument { { "total", new BsonDocument("$gt", 100) } }; // binds: BsonDocument.Add
            var f = Builders<Order>.Filter;
            var typed = f.Eq(o => o.Status, "open") & f.Gt(o => o.Total, 10m); // binds: FilterDefinitionBuilder`1.Eq, FilterDefinitionBuilder`1.Gt
            var any = f.Or(f.In(o => o.Status, new[] { "open", "paid" }), f.Lt("count", 5), f.Where(o => o.Tags.Contains("vip"))); // binds: FilterDefinitionBuilder`1.Or, FilterDefinitionBuilder`1.In, FilterDefinitionBuilder`1.Lt, FilterDefinitionBuilder`1.Where
            return f.And(json, doc, nested, typed, any, f.Empty, FilterDefinition<Order>.Empty); // binds: FilterDefinitionBuilder`1.And
        }

        // ------------------------------------------------------------ Find fluent

        public async Task<int> FindFluent(CancellationToken ct)
        {
            List<Order> open = await _orders.Find(o => o.Status == "open").ToListAsync(ct); // binds: IMongoCollectionExtensions.Find/3, IAsyncCursorSourceExtensions.ToListAsync
            var page = await _orders.Find(FilterDefinition<Order>.Empty).Limit(50).ToListAsync(ct); // binds: IMongoCollectionExtensions.Find/3, IFindFluent`2.Limit:Nullable`1, IAsyncCursorSourceExtensions.ToListAsync
            var sync = _orders.Find(new BsonDocument("status", "open")).Skip(10).Limit(20).ToList(); // binds: IMongoCollectionExtensions.Find, IFindFluent`2.Skip, IFindFluent`2.Limit, IAsyncCursorSourceExtensions.ToList
            var newest = await _orders.Find("{ status: 'open' }") // binds: IMongoCollectionExtensions.Find
                .Sort(Builders<Order>.Sort.Descending(o => o.CreatedAt)) // binds: IFindFluent`2.Sort, SortDefinitionBuilder`1.Descending
                .FirstOrDefaultAsync(ct); // binds: IFindFluentExtensions.FirstOrDefaultAsync

            var anon = await _orders.Find(o => o.Total > 0).Project(o => new { o.Id, o.Total }).ToListAsync(ct); // binds: IMongoCollectionExtensions.Find, IFindFluentExtensions.Project, IAsyncCursorSourceExtensions.ToListAsync
            IFindFluent<Order, BsonDocument> included = _orders.Find(o => o.Total > 0)
                .Project(Builders<Order>.Projection.Include(o => o.Status).Exclude(o => o.Id)); // binds: IFindFluentExtensions.Project, ProjectionDefinitionBuilder`1.Include, ProjectionDefinitionExtensions.Exclude
            IFindFluent<Order, BsonDocument> jsonProjected = _orders.Find(o => o.Total > 0).Project("{ status: 1 }"); // binds: IMongoCollectionExtensions.Find, IFindFluentExtensions.Project
            IFindFluent<Order, OrderSummary> summaries = _orders.Find(o => o.Total > 0)
                .Project(Builders<Order>.Projection.Expression(o => new OrderSummary { Id = o.Id, Total = o.Total })); // binds: IFindFluent`2.Project, ProjectionDefinitionBuilder`1.Expression
            var explicitProjection = _orders.Find(o => o.Total > 0).Project<OrderSummary>(Builders<Order>.Projection.Include(o => o.Total)); // binds: IMongoCollectionExtensions.Find, IFindFluent`2.Project, ProjectionDefinitionBuilder`1.Include

            IOrderedFindFluent<Order, Order> ordered = _orders.Find(o => o.Total > 0).SortBy(o => o.CreatedAt).ThenByDescending(o => o.Total); // binds: IMongoCollectionExtensions.Find, IFindFluentExtensions.SortBy, IFindFluentExtensions.ThenByDescending
            var find = ordered.Limit(0); // binds: IFindFluent`2.Limit
            using IAsyncCursor<Order> fromFluent = await find.ToCursorAsync(ct); // binds: IAsyncCursorSource`1.ToCursorAsync
            using IAsyncCursor<Order> fromFluentSync = find.ToCursor(); // binds: IAsyncCursorSource`1.ToCursor
            Order? single = find.SingleOrDefault(); // binds: IFindFluentExtensions.SingleOrDefault
            bool exists = await find.AnyAsync(ct); // binds: IFindFluentExtensions.AnyAsync
            long count = await find.CountDocumentsAsync(ct); // binds: IFindFluent`2.CountDocumentsAsync
            await find.ForEachAsync(o => Console.WriteLine(o.Id), ct); // binds: IAsyncCursorSourceExtensions.ForEachAsync
            IEnumerable<Order> lazy = find.ToEnumerable(); // binds: IAsyncCursorSourceExtensions.ToEnumerable
            var viaOptions = _orders.Find(o => o.Total > 0, new FindOptions { BatchSize = 10, MaxTime = TimeSpan.FromSeconds(5) }); // binds: IMongoCollectionExtensions.Find, FindOptionsBase.BatchSize, FindOptionsBase.MaxTime

            return open.Count + page.Count + sync.Count + anon.Count + (newest == null ? 0 : 1) + (single == null ? 0 : 1)
                + (exists ? 1 : 0) + (int)count + lazy.Count() + included.GetHashCode() + jsonProjected.GetHashCode()
                + summaries.GetHashCode() + explicitProjection.GetHashCode() + viaOptions.GetHashCode();
        }

        // ------------------------------------------------------------ FindAsync / FindSync + cursors

        public async Task<decimal> Cursors(CancellationToken ct)
        {
            decimal total = 0;
            using (var cursor = await _orders.FindAsync(o => o.Status == "open", cancellationToken: ct)) // binds: IMongoCollectionExtensions.FindAsync
            {
                while (await cursor.MoveNextAsync(ct)) // binds: IAsyncCursor`1.MoveNextAsync
                {
                    foreach (var order in cursor.Current) // binds: IAsyncCursor`1.Current
                    {
                        total += order.Total;
                    }
                }
            }

            var filter = Builders<Order>.Filter.Eq(o => o.Status, "open");
            var projected = await _orders.FindAsync(filter, new FindOptions<Order, OrderSummary> // binds: IMongoCollection`1.FindAsync
            {
                Limit = 10, // binds: FindOptions`2.Limit
                Projection = Builders<Order>.Projection.Expression(o => new OrderSummary { Id = o.Id, Total = o.Total }), // binds: FindOptions`2.Projection, ProjectionDefinitionBuilder`1.Expression
            }, ct);
            var summaries = await projected.ToListAsync(ct); // binds: IAsyncCursorExtensions.ToListAsync

            var sameType = await _orders.FindAsync(filter, new FindOptions<Order> // binds: IMongoCollection`1.FindAsync
            {
                Limit = 5, Skip = 5, Sort = Builders<Order>.Sort.Ascending(o => o.CreatedAt), // binds: FindOptions`2.Limit, FindOptions`2.Skip, FindOptions`2.Sort, SortDefinitionBuilder`1.Ascending
                BatchSize = 100, MaxTime = TimeSpan.FromSeconds(2), // binds: FindOptionsBase.BatchSize, FindOptionsBase.MaxTime
            }, ct);
            await sameType.ForEachAsync(o => total += o.Total, ct); // binds: IAsyncCursorExtensions.ForEachAsync

            var first = _orders.FindSync(filter).FirstOrDefault(); // binds: IMongoCollectionExtensions.FindSync, IAsyncCursorExtensions.FirstOrDefault
            var all = await (await _orders.FindAsync(filter)).ToListAsync(ct); // binds: IMongoCollectionExtensions.FindAsync, IAsyncCursorExtensions.ToListAsync
            return total + summaries.Count + all.Count + (first == null ? 0 : 1);
        }

        // ------------------------------------------------------------ aggregation

        public async Task<int> Aggregation(CancellationToken ct)
        {
            var topCustomers = await _orders.Aggregate() // binds: IMongoCollectionExtensions.Aggregate
                .Match(o => o.Status == "paid") // binds: IAggregateFluentExtensions.Match
                .Group(o => o.CustomerId, g => new { CustomerId = g.Key, Total = g.Sum(x => x.Total) }) // binds: IAggregateFluentExtensions.Group
                .SortByDescending(x => x.Total) // binds: IAggregateFluentExtensions.SortByDescending
                .Limit(5) // binds: IAggregateFluent`1.Limit:Int64
                .ToListAsync(ct); // binds: IAsyncCursorSourceExtensions.ToListAsync

            var summaries = await _orders.Aggregate(new AggregateOptions { AllowDiskUse = true }) // binds: IMongoCollectionExtensions.Aggregate, AggregateOptions.AllowDiskUse
                .Match(Builders<Order>.Filter.Eq(o => o.Status, "paid")) // binds: IAggregateFluent`1.Match, FilterDefinitionBuilder`1.Eq
                .Sort(new BsonDocument("total", -1)) // binds: IAggregateFluent`1.Sort
                .Skip(10) // binds: IAggregateFluent`1.Skip
                .Project(o => new OrderSummary { Id = o.Id, Total = o.Total }) // binds: IAggregateFluentExtensions.Project
                .FirstOrDefaultAsync(ct); // binds: IAggregateFluentExtensions.FirstOrDefaultAsync

            var joined = _orders.Aggregate()
                .Lookup<Order, Customer, OrderWithCustomers>(_customers, o => o.CustomerId, c => c.Id, r => r.Customers); // binds: IAggregateFluentExtensions.Lookup
            var rows = _orders.Aggregate().Unwind<Order, OrderItemRow>(o => o.Items); // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluentExtensions.Unwind
            var counted = _orders.Aggregate().Match(o => o.Total > 0).Count(); // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluentExtensions.Match, IAggregateFluent`1.Count
            var staged = _orders.Aggregate().AppendStage<BsonDocument>(new BsonDocument("$limit", 10)); // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluent`1.AppendStage
            var builtStage = _orders.Aggregate().AppendStage(PipelineStageDefinitionBuilder.Limit<Order>(10)); // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluent`1.AppendStage, PipelineStageDefinitionBuilder.Limit
            var asDocs = _orders.Aggregate().As<BsonDocument>().Project("{ total: 1 }"); // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluent`1.As, IAggregateFluentExtensions.Project
            var rooted = _orders.Aggregate().ReplaceRoot(o => new OrderSummary { Id = o.Id, Total = o.Total }); // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluentExtensions.ReplaceRoot
            var facets = _orders.Aggregate().Facet( // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluentExtensions.Facet
                AggregateFacet.Create("open", new EmptyPipelineDefinition<Order>().Match(o => o.Status == "open")), // binds: AggregateFacet.Create, PipelineDefinitionBuilder.Match
                AggregateFacet.Create("count", PipelineDefinition<Order, AggregateCountResult>.Create("{ $count: 'n' }"))); // binds: AggregateFacet.Create, PipelineDefinition`2.Create
            using var aggCursor = await _orders.Aggregate().Match(o => o.Total > 0).ToCursorAsync(ct); // binds: IMongoCollectionExtensions.Aggregate, IAggregateFluentExtensions.Match, IAsyncCursorSource`1.ToCursorAsync

            PipelineDefinition<Order, OrderSummary> pipeline = new EmptyPipelineDefinition<Order>()
                .Match(o => o.Total > 100) // binds: PipelineDefinitionBuilder.Match
                .Sort(Builders<Order>.Sort.Descending(o => o.Total)) // binds: PipelineDefinitionBuilder.Sort, SortDefinitionBuilder`1.Descending
                .Limit(10) // binds: PipelineDefinitionBuilder.Limit:Int64
                .Project(o => new OrderSummary { Id = o.Id, Total = o.Total }); // binds: PipelineDefinitionBuilder.Project
            using var viaPipeline = await _orders.AggregateAsync(pipeline, new AggregateOptions { MaxTime = TimeSpan.FromSeconds(3) }, ct); // binds: IMongoCollection`1.AggregateAsync, AggregateOptions.MaxTime
            using var rawStages = _orders.Aggregate<BsonDocument>(new[] { new BsonDocument("$limit", 10) }); // binds: IMongoCollection`1.Aggregate
            var grouped = PipelineDefinitionBuilder.For<Order>().Group(o => o.Status, g => new { Status = g.Key, N = g.Count() }); // binds: PipelineDefinitionBuilder.For, PipelineDefinitionBuilder.Group

            return topCustomers.Count + (summaries == null ? 0 : 1) + joined.GetHashCode() + rows.GetHashCode() + counted.GetHashCode()
                + staged.GetHashCode() + builtStage.GetHashCode() + asDocs.GetHashCode() + rooted.GetHashCode() + facets.GetHashCode()
                + aggCursor.GetHashCode() + viaPipeline.GetHashCode() + rawStages.GetHashCode() + grouped.GetHashCode();
        }

        // ------------------------------------------------------------ LINQ

        public async Task<int> Linq(CancellationToken ct)
        {
#if MONGO_V3
            IQueryable<Order> queryable = _orders.AsQueryable(); // binds: IMongoCollectionExtensions.AsQueryable
            IOrderedQueryable<Order> orderedQuery = queryable.OrderBy(o => o.Total); // binds: Queryable.OrderBy
            IQueryable<NoPipelineInput> dbQueryable = _db.AsQueryable(); // binds: IMongoDatabaseExtensions.AsQueryable
#else
            IMongoQueryable<Order> queryable = _orders.AsQueryable(); // binds: IMongoCollectionExtensions.AsQueryable
            IOrderedMongoQueryable<Order> orderedQuery = queryable.OrderBy(o => o.Total); // binds: MongoQueryable.OrderBy
            IMongoQueryable<NoPipelineInput> dbQueryable = _db.AsQueryable(); // binds: IMongoDatabaseExtensions.AsQueryable
#endif
            var list = _orders.AsQueryable().Where(o => o.Total > 10).Take(10).ToList(); // v2: IMongoCollectionExtensions.AsQueryable, MongoQueryable.Where, MongoQueryable.Take:Int32, Enumerable.ToList | v3: IMongoCollectionExtensions.AsQueryable, Queryable.Where, Queryable.Take:Int32, Enumerable.ToList
            var totals = await _orders.AsQueryable().Where(o => o.Status == "open").OrderBy(o => o.CreatedAt) // v2: IMongoCollectionExtensions.AsQueryable, MongoQueryable.Where, MongoQueryable.OrderBy | v3: IMongoCollectionExtensions.AsQueryable, Queryable.Where, Queryable.OrderBy
                .Select(o => o.Total).Take(100).ToListAsync(ct); // v2: MongoQueryable.Select, MongoQueryable.Take:Int32, IAsyncCursorSourceExtensions.ToListAsync | v3: Queryable.Select, Queryable.Take:Int32, MongoQueryable.ToListAsync
            var longTake = await queryable.Skip(5L).Take(10L).ToListAsync(ct); // v2: MongoQueryable.Skip:Int64, MongoQueryable.Take:Int64, IAsyncCursorSourceExtensions.ToListAsync | v3: MongoQueryable.Skip:Int64, MongoQueryable.Take:Int64, MongoQueryable.ToListAsync
            var firstPaid = await _orders.AsQueryable().FirstOrDefaultAsync(o => o.Status == "paid", ct); // binds: IMongoCollectionExtensions.AsQueryable, MongoQueryable.FirstOrDefaultAsync
            int n = await queryable.CountAsync(ct); // binds: MongoQueryable.CountAsync
            decimal sum = await queryable.SumAsync(o => o.Total, ct); // binds: MongoQueryable.SumAsync
            bool anyOpen = await queryable.AnyAsync(o => o.Status == "open", ct); // binds: MongoQueryable.AnyAsync
            var firstSync = queryable.First(o => o.Total > 0); // binds: Queryable.First
            using var linqCursor = await queryable.ToCursorAsync(ct); // v2: IAsyncCursorSource`1.ToCursorAsync | v3: MongoQueryable.ToCursorAsync
            var sampled = queryable.Sample(3); // binds: MongoQueryable.Sample
            var ids = from o in _orders.AsQueryable() where o.Total > 5 select o.Id;

            return list.Count + totals.Count + longTake.Count + (firstPaid == null ? 0 : 1) + n + (int)sum + (anyOpen ? 1 : 0)
                + firstSync.Count + linqCursor.GetHashCode() + sampled.GetHashCode() + ids.GetHashCode()
                + orderedQuery.GetHashCode() + dbQueryable.GetHashCode();
        }

        // ------------------------------------------------------------ writes

        public async Task<long> Writes(Order doc, CancellationToken ct)
        {
            await _orders.InsertOneAsync(doc, cancellationToken: ct); // binds: IMongoCollection`1.InsertOneAsync/3
            await _orders.InsertOneAsync(doc, null, ct); // binds: IMongoCollection`1.InsertOneAsync/3
#pragma warning disable CS0618 // the positional token binds to the [Obsolete] overload (reference §0.6)
            await _orders.InsertOneAsync(doc, ct); // binds: IMongoCollection`1.InsertOneAsync/2!obs
#pragma warning restore CS0618
            _orders.InsertMany(new[] { doc }); // binds: IMongoCollection`1.InsertMany
            await _orders.InsertManyAsync(new[] { doc }, new InsertManyOptions { IsOrdered = false }, ct); // binds: IMongoCollection`1.InsertManyAsync, InsertManyOptions.IsOrdered

            var closed = await _orders.UpdateManyAsync(o => o.Status == "open", // binds: IMongoCollectionExtensions.UpdateManyAsync
                Builders<Order>.Update.Set(o => o.Status, "closed").Inc(o => o.Count, 1), cancellationToken: ct); // binds: UpdateDefinitionBuilder`1.Set, UpdateDefinitionExtensions.Inc
            var filter = Builders<Order>.Filter.Eq(o => o.Id, doc.Id);
            var tagged = await _orders.UpdateOneAsync(filter, Builders<Order>.Update.Push(o => o.Tags, "vip"), new UpdateOptions { IsUpsert = true }, ct); // binds: IMongoCollection`1.UpdateOneAsync, UpdateDefinitionBuilder`1.Push, UpdateOptions.IsUpsert
            var replaced = await _orders.ReplaceOneAsync(o => o.Id == doc.Id, doc, new ReplaceOptions { IsUpsert = true }, ct); // binds: IMongoCollectionExtensions.ReplaceOneAsync, ReplaceOptions.IsUpsert
            var deletedMany = await _orders.DeleteManyAsync(o => o.Status == "void", ct); // binds: IMongoCollectionExtensions.DeleteManyAsync/3
            var deletedOne = await _orders.DeleteOneAsync(filter, ct); // binds: IMongoCollection`1.DeleteOneAsync/2

            long open = await _orders.CountDocumentsAsync(o => o.Status == "open", cancellationToken: ct); // binds: IMongoCollectionExtensions.CountDocumentsAsync
            long capped = await _orders.CountDocumentsAsync(filter, new CountOptions { Limit = 1000 }, ct); // binds: IMongoCollection`1.CountDocumentsAsync, CountOptions.Limit
            long all = _orders.CountDocuments(filter); // binds: IMongoCollection`1.CountDocuments
            long estimate = _orders.EstimatedDocumentCount(); // binds: IMongoCollection`1.EstimatedDocumentCount

            var bulk = await _orders.BulkWriteAsync(new WriteModel<Order>[] // binds: IMongoCollection`1.BulkWriteAsync
            {
                new InsertOneModel<Order>(doc),
                new UpdateOneModel<Order>(filter, Builders<Order>.Update.Set(o => o.Status, "x")) { IsUpsert = true }, // binds: UpdateDefinitionBuilder`1.Set, UpdateOneModel`1.IsUpsert
                new DeleteManyModel<Order>(Builders<Order>.Filter.Lt(o => o.Total, 0m)),
            }, new BulkWriteOptions { IsOrdered = false }, ct); // binds: BulkWriteOptions.IsOrdered

            var after = await _orders.FindOneAndUpdateAsync(filter, Builders<Order>.Update.Inc(o => o.Count, 1), // binds: IMongoCollection`1.FindOneAndUpdateAsync, UpdateDefinitionBuilder`1.Inc
                new FindOneAndUpdateOptions<Order> { ReturnDocument = ReturnDocument.After, IsUpsert = true }, ct); // binds: FindOneAndUpdateOptions`2.ReturnDocument, FindOneAndUpdateOptions`2.IsUpsert
            var explicitDoc = await _orders.FindOneAndUpdateAsync<Order>(o => o.Id == doc.Id, Builders<Order>.Update.Inc(o => o.Count, 1), // binds: IMongoCollectionExtensions.FindOneAndUpdateAsync
                new FindOneAndUpdateOptions<Order> { ReturnDocument = ReturnDocument.After }, ct);
#if MONGO_V3
            var lambdaWithOptions = await _orders.FindOneAndUpdateAsync(o => o.Id == doc.Id, Builders<Order>.Update.Inc(o => o.Count, 1), // binds: IMongoCollectionExtensions.FindOneAndUpdateAsync
                new FindOneAndUpdateOptions<Order> { ReturnDocument = ReturnDocument.After }, ct);
#else
            Order? lambdaWithOptions = null;
#endif
            var removed = await _orders.FindOneAndDeleteAsync(filter, cancellationToken: ct); // binds: IMongoCollectionExtensions.FindOneAndDeleteAsync
            using var statuses = await _orders.DistinctAsync(o => o.Status, FilterDefinition<Order>.Empty, cancellationToken: ct); // binds: IMongoCollectionExtensions.DistinctAsync
            using var changes = await _orders.WatchAsync(new ChangeStreamOptions { FullDocument = ChangeStreamFullDocumentOption.UpdateLookup }, ct); // binds: IMongoCollectionExtensions.WatchAsync, ChangeStreamOptions.FullDocument

            return closed.ModifiedCount + tagged.MatchedCount + replaced.ModifiedCount + deletedMany.DeletedCount + deletedOne.DeletedCount // binds: UpdateResult.ModifiedCount, UpdateResult.MatchedCount, ReplaceOneResult.ModifiedCount, DeleteResult.DeletedCount
                + open + capped + all + estimate + bulk.InsertedCount + (after == null ? 0 : 1) + (explicitDoc == null ? 0 : 1)
                + (lambdaWithOptions == null ? 0 : 1) + (removed == null ? 0 : 1) + statuses.GetHashCode() + changes.GetHashCode();
        }

        // ------------------------------------------------------------ sessions, indexes, commands

        public async Task<int> SessionsAndAdmin(Order doc, CancellationToken ct)
        {
            using var session = await _client.StartSessionAsync(cancellationToken: ct); // binds: IMongoClient.StartSessionAsync
            session.StartTransaction(new TransactionOptions(writeConcern: WriteConcern.WMajority)); // binds: IClientSession.StartTransaction
            await _orders.InsertOneAsync(session, doc, cancellationToken: ct); // binds: IMongoCollection`1.InsertOneAsync/4
            var mine = await _orders.Find(session, o => o.CustomerId == "c1").ToListAsync(ct); // binds: IMongoCollectionExtensions.Find/4, IAsyncCursorSourceExtensions.ToListAsync
            await _orders.UpdateOneAsync(session, o => o.Id == doc.Id, Builders<Order>.Update.Set(o => o.Status, "paid"), cancellationToken: ct); // binds: IMongoCollectionExtensions.UpdateOneAsync, UpdateDefinitionBuilder`1.Set
            await session.CommitTransactionAsync(ct); // binds: IClientSession.CommitTransactionAsync

            var result = await session.WithTransactionAsync( // binds: IClientSession.WithTransactionAsync
                async (s, token) => await _orders.CountDocumentsAsync(s, FilterDefinition<Order>.Empty, cancellationToken: token), // binds: IMongoCollection`1.CountDocumentsAsync
                cancellationToken: ct);

            var indexName = await _orders.Indexes.CreateOneAsync( // binds: IMongoCollection`1.Indexes, IMongoIndexManager`1.CreateOneAsync
                new CreateIndexModel<Order>(Builders<Order>.IndexKeys.Ascending(o => o.CustomerId).Descending(o => o.CreatedAt), new CreateIndexOptions { Unique = true }), // binds: IndexKeysDefinitionBuilder`1.Ascending, IndexKeysDefinitionExtensions.Descending, CreateIndexOptions.Unique
                cancellationToken: ct);
            var ping = await _db.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: ct); // binds: IMongoDatabase.RunCommandAsync
            var names = await (await _db.ListCollectionNamesAsync(cancellationToken: ct)).ToListAsync(ct); // binds: IMongoDatabase.ListCollectionNamesAsync, IAsyncCursorExtensions.ToListAsync
            var settings = MongoClientSettings.FromConnectionString("mongodb://localhost"); // binds: MongoClientSettings.FromConnectionString
            settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5); // binds: MongoClientSettings.ServerSelectionTimeout

            var sort = Builders<Order>.Sort.Ascending(o => o.Status).Descending("total"); // binds: SortDefinitionBuilder`1.Ascending, SortDefinitionExtensions.Descending
            var doc2 = new BsonDocument { { "a", 1 }, { "b", "x" } };
            BsonValue a = doc2["a"]; // binds: BsonDocument.Item

#if MONGO_V3
            await foreach (var o in _orders.Find(FilterDefinition<Order>.Empty).ToAsyncEnumerable().WithCancellation(ct)) // binds: IMongoCollectionExtensions.Find, IAsyncCursorSourceExtensions.ToAsyncEnumerable
            {
                Console.WriteLine(o.Id);
            }
#endif
            return mine.Count + (int)result + indexName.Length + ping.ElementCount + names.Count + sort.GetHashCode() + a.AsInt32; // binds: BsonDocument.ElementCount, BsonValue.AsInt32
        }
    }
}
