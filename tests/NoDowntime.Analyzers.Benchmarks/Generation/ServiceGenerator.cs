using System;
using System.Collections.Generic;
using System.Text;

namespace NoDowntime.Analyzers.Benchmarks.Generation;

/// <summary>One generated source file, with a path relative to the service's project folder.</summary>
public sealed record GeneratedFile(string Path, string Text)
{
    public int Lines { get; } = CountLines(Text);

    private static int CountLines(string text)
    {
        int lines = 0;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return lines;
    }
}

/// <summary>A generated service: its files, how many modules it has, and the size it came out at.</summary>
public sealed class GeneratedService
{
    internal GeneratedService(IReadOnlyList<GeneratedFile> files, int modules, bool withMongo)
    {
        Files = files;
        Modules = modules;
        WithMongo = withMongo;
        foreach (GeneratedFile file in files)
        {
            Lines += file.Lines;
        }
    }

    public IReadOnlyList<GeneratedFile> Files { get; }

    public int Modules { get; }

    public bool WithMongo { get; }

    public int Lines { get; }
}

/// <summary>
/// Writes a realistic ASP.NET Core service of a chosen size, the same every time for the same arguments: one module
/// per business entity (entity and DTOs, EF Core repository, MongoDB archive on every other module, policy, service,
/// MVC controller, minimal-API endpoints, and on some modules a middleware and a background worker), a DbContext,
/// the host's start-up code, and one 1,000-line reporting controller that the single-document measurement analyses.
/// Request paths run 4 to 6 calls deep (controller or handler -> service -> private step -> policy or neighbouring
/// module's service -> repository -> EF Core / MongoDB), and modules call their neighbours, so the call graph is one
/// connected component rather than a forest. A few percent of the methods carry a violation of one of the
/// NoDowntime families (blocking call, unbounded query, dropped token, static mutable state, missing host piece),
/// at fixed positions, so that analyzers have real work to report.
/// </summary>
public static class ServiceGenerator
{
    /// <summary>The file that the single-document (IDE keystroke) measurement analyses: about 1,000 lines.</summary>
    public const string SingleDocumentPath = "Api/ReportsController.cs";

    /// <summary>The default "small" size: about 20,000 lines.</summary>
    public const int SmallLines = 20_000;

    /// <summary>The default "large" size: about 200,000 lines.</summary>
    public const int LargeLines = 200_000;

    private const int ReportModules = 12;

    private static readonly string[] Nouns =
    {
        "Order", "Customer", "Invoice", "Shipment", "Product", "Supplier", "Payment", "Refund", "Coupon", "Review",
        "Ticket", "Warehouse", "Carrier", "Subscription", "Plan", "Account", "Address", "Basket", "Category", "Campaign",
        "Contract", "Delivery", "Employee", "Feedback", "Gift", "Incident", "Journal", "Ledger", "Membership", "Notice",
    };

    public static GeneratedService Generate(int targetLines, bool withMongo)
    {
        if (targetLines < 2_000)
        {
            throw new ArgumentOutOfRangeException(nameof(targetLines), "A service is at least 2,000 lines.");
        }

        // Shared files grow with the module count (DbContext, registration): about 16 lines per module.
        const int sharedPerModule = 16;
        const int fixedLines = 1_250;
        var modules = new List<GeneratedFile>();
        int moduleLines = 0;
        int count = 0;
        while (count < ReportModules || moduleLines + (count * sharedPerModule) + fixedLines < targetLines)
        {
            foreach (GeneratedFile file in ModuleFiles(count, withMongo, int.MaxValue))
            {
                moduleLines += file.Lines;
            }

            count++;
        }

        var files = new List<GeneratedFile>();
        for (int i = 0; i < count; i++)
        {
            files.AddRange(ModuleFiles(i, withMongo, count));
        }

        files.Add(Common());
        files.Add(DbContext(count));
        files.Add(Registration(count, withMongo));
        files.Add(ProgramFile(withMongo));
        files.Add(ReportsController());
        return new GeneratedService(files, count, withMongo);
    }

    internal static string Entity(int index)
    {
        string noun = Nouns[index % Nouns.Length];
        int round = index / Nouns.Length;
        return round == 0 ? noun : noun + (round + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool HasMongo(int index, bool withMongo) => withMongo && index % 2 == 0;

    private static bool HasWorker(int index) => index % 5 == 0;

    private static bool HasMiddleware(int index) => index % 5 == 1;

    private static IEnumerable<GeneratedFile> ModuleFiles(int index, bool withMongo, int count)
    {
        string e = Entity(index);
        // The neighbour whose service this module calls; the last module has none.
        string? related = index + 1 < count ? Entity(index + 1) : null;
        yield return new GeneratedFile($"Domain/{e}.cs", Domain(e));
        yield return new GeneratedFile($"Data/{e}Repository.cs", Repository(index, e));
        if (HasMongo(index, withMongo))
        {
            yield return new GeneratedFile($"Data/{e}Archive.cs", Archive(index, e));
        }

        yield return new GeneratedFile($"Services/{e}Policy.cs", Policy(index, e));
        yield return new GeneratedFile($"Services/{e}Service.cs", Service(index, e, related, HasMongo(index, withMongo)));
        yield return new GeneratedFile($"Api/{e}Controller.cs", Controller(e));
        yield return new GeneratedFile($"Api/{e}Endpoints.cs", Endpoints(e));
        if (HasMiddleware(index))
        {
            yield return new GeneratedFile($"Middleware/{e}AuditMiddleware.cs", Middleware(e));
        }

        if (HasWorker(index))
        {
            yield return new GeneratedFile($"Workers/{e}Worker.cs", Worker(index, e));
        }
    }

    private static string Lower(string e) => char.ToLowerInvariant(e[0]) + e.Substring(1);

    private static string Domain(string e) => $$"""
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;

        namespace Shop.Domain;

        public enum {{e}}Status
        {
            Draft,
            Active,
            Suspended,
            Archived,
        }

        public sealed class {{e}}
        {
            public int Id { get; set; }

            [Required]
            [MaxLength(200)]
            public string Name { get; set; } = string.Empty;

            public {{e}}Status Status { get; set; }

            public int OwnerId { get; set; }

            public decimal Amount { get; set; }

            public int Quantity { get; set; }

            public DateTimeOffset CreatedAt { get; set; }

            public DateTimeOffset? UpdatedAt { get; set; }

            [MaxLength(2000)]
            public string? Notes { get; set; }

            public int Version { get; set; }

            public bool IsEditable => Status is {{e}}Status.Draft or {{e}}Status.Active;

            public void Apply(Update{{e}}Request request, DateTimeOffset now)
            {
                Name = request.Name.Trim();
                Amount = request.Amount;
                Quantity = request.Quantity;
                Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim();
                UpdatedAt = now;
                Version++;
            }
        }

        public sealed record {{e}}Summary(int Id, string Name, {{e}}Status Status, decimal Amount);

        public sealed record {{e}}Details(int Id, string Name, {{e}}Status Status, decimal Amount, int Quantity, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt, string? Notes);

        public sealed record {{e}}Statistics(long Total, decimal TotalAmount, decimal AverageAmount, int LargestQuantity);

        public sealed record {{e}}Page(IReadOnlyList<{{e}}Summary> Items, int Page, int PageSize, long Total);

        public sealed record Create{{e}}Request(string Name, decimal Amount, int Quantity, int OwnerId, string? Notes)
        {
            public IReadOnlyList<string> Validate()
            {
                var errors = new List<string>();
                if (string.IsNullOrWhiteSpace(Name))
                {
                    errors.Add("Name is required.");
                }
                else if (Name.Length > 200)
                {
                    errors.Add("Name is longer than 200 characters.");
                }

                if (Amount < 0)
                {
                    errors.Add("Amount must not be negative.");
                }

                if (Quantity is < 0 or > 10_000)
                {
                    errors.Add("Quantity must be between 0 and 10000.");
                }

                if (OwnerId <= 0)
                {
                    errors.Add("OwnerId must be positive.");
                }

                return errors;
            }
        }

        public sealed record Update{{e}}Request(string Name, decimal Amount, int Quantity, string? Notes, int Version);

        """;

    private static string Repository(int index, string e)
    {
        // Violation (ND1 + ND2): a synchronous, unbounded EF Core read that a service calls on a request path.
        bool loadAll = index % 19 == 7;
        string loadAllDeclaration = loadAll ? $"\n    IReadOnlyList<{e}> LoadAll();\n" : string.Empty;
        string loadAllBody = loadAll ? $$"""

                public IReadOnlyList<{{e}}> LoadAll() => _db.{{e}}s.ToList();

            """ : string.Empty;
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Shop.Domain;

            namespace Shop.Data;

            public interface I{{e}}Repository
            {
                Task<{{e}}?> FindAsync(int id, CancellationToken cancellationToken);

                Task<{{e}}Details?> GetDetailsAsync(int id, CancellationToken cancellationToken);

                Task<IReadOnlyList<{{e}}Summary>> ListAsync(int page, int pageSize, CancellationToken cancellationToken);

                Task<IReadOnlyList<{{e}}Summary>> SearchAsync(string term, int limit, CancellationToken cancellationToken);

                Task<IReadOnlyList<{{e}}>> PendingAsync(int batchSize, CancellationToken cancellationToken);

                Task<long> CountAsync(CancellationToken cancellationToken);

                Task<bool> ExistsAsync(int id, CancellationToken cancellationToken = default);

                Task<{{e}}Statistics> StatisticsAsync(CancellationToken cancellationToken);

                void Add({{e}} entity);

                Task SaveAsync(CancellationToken cancellationToken);
            {{loadAllDeclaration}}}

            public sealed class {{e}}Repository : I{{e}}Repository
            {
                private readonly ShopDbContext _db;

                public {{e}}Repository(ShopDbContext db)
                {
                    _db = db;
                }

                public Task<{{e}}?> FindAsync(int id, CancellationToken cancellationToken) =>
                    _db.{{e}}s.FirstOrDefaultAsync(x => x.Id == id, cancellationToken);

                public Task<{{e}}Details?> GetDetailsAsync(int id, CancellationToken cancellationToken) =>
                    _db.{{e}}s.AsNoTracking()
                        .Where(x => x.Id == id)
                        .Select(x => new {{e}}Details(x.Id, x.Name, x.Status, x.Amount, x.Quantity, x.CreatedAt, x.UpdatedAt, x.Notes))
                        .FirstOrDefaultAsync(cancellationToken);

                public async Task<IReadOnlyList<{{e}}Summary>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
                {
                    int size = Math.Clamp(pageSize, 1, 100);
                    int skip = Math.Max(0, page - 1) * size;
                    return await _db.{{e}}s.AsNoTracking()
                        .OrderBy(x => x.Id)
                        .Skip(skip)
                        .Take(size)
                        .Select(x => new {{e}}Summary(x.Id, x.Name, x.Status, x.Amount))
                        .ToListAsync(cancellationToken);
                }

                public async Task<IReadOnlyList<{{e}}Summary>> SearchAsync(string term, int limit, CancellationToken cancellationToken)
                {
                    string pattern = "%" + term.Trim() + "%";
                    return await _db.{{e}}s.AsNoTracking()
                        .Where(x => EF.Functions.Like(x.Name, pattern))
                        .OrderBy(x => x.Name)
                        .Take(Math.Clamp(limit, 1, 50))
                        .Select(x => new {{e}}Summary(x.Id, x.Name, x.Status, x.Amount))
                        .ToListAsync(cancellationToken);
                }

                public async Task<IReadOnlyList<{{e}}>> PendingAsync(int batchSize, CancellationToken cancellationToken) =>
                    await _db.{{e}}s
                        .Where(x => x.Status == {{e}}Status.Draft)
                        .OrderBy(x => x.CreatedAt)
                        .Take(batchSize)
                        .ToListAsync(cancellationToken);

                public Task<long> CountAsync(CancellationToken cancellationToken) => _db.{{e}}s.LongCountAsync(cancellationToken);

                public Task<bool> ExistsAsync(int id, CancellationToken cancellationToken = default) =>
                    _db.{{e}}s.AnyAsync(x => x.Id == id, cancellationToken);

                public async Task<{{e}}Statistics> StatisticsAsync(CancellationToken cancellationToken)
                {
                    var totals = await _db.{{e}}s.AsNoTracking()
                        .GroupBy(x => 1)
                        .Select(g => new { Count = g.LongCount(), Sum = g.Sum(x => x.Amount), Max = g.Max(x => x.Quantity) })
                        .FirstOrDefaultAsync(cancellationToken);
                    if (totals is null)
                    {
                        return new {{e}}Statistics(0, 0m, 0m, 0);
                    }

                    return new {{e}}Statistics(totals.Count, totals.Sum, totals.Count == 0 ? 0m : totals.Sum / totals.Count, totals.Max);
                }

                public void Add({{e}} entity) => _db.{{e}}s.Add(entity);

                public Task SaveAsync(CancellationToken cancellationToken) => _db.SaveChangesAsync(cancellationToken);
            {{loadAllBody}}}

            """;
    }

    private static string Archive(int index, string e)
    {
        // Violation (ND2): a whole collection read into memory, whole documents, no limit.
        string everything = index % 11 == 4
            ? $$"""

                public async Task<IReadOnlyList<{{e}}Document>> EverythingAsync(CancellationToken cancellationToken) =>
                    await _collection.Find(FilterDefinition<{{e}}Document>.Empty).ToListAsync(cancellationToken);

            """
            : $$"""

                public async Task<IReadOnlyList<{{e}}Snapshot>> EverythingAsync(CancellationToken cancellationToken) =>
                    await _collection.Find(FilterDefinition<{{e}}Document>.Empty)
                        .Limit(500)
                        .Project(d => new {{e}}Snapshot(d.Key, d.Name, d.Amount))
                        .ToListAsync(cancellationToken);

            """;
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using MongoDB.Bson;
            using MongoDB.Bson.Serialization.Attributes;
            using MongoDB.Driver;

            namespace Shop.Data;

            public sealed class {{e}}Document
            {
                [BsonId]
                public ObjectId Id { get; set; }

                public int Key { get; set; }

                public int OwnerId { get; set; }

                public string Name { get; set; } = string.Empty;

                public decimal Amount { get; set; }

                public List<string> Tags { get; set; } = new();

                public DateTime CreatedAt { get; set; }
            }

            public sealed record {{e}}Snapshot(int Key, string Name, decimal Amount);

            public sealed class {{e}}Archive
            {
                private readonly IMongoCollection<{{e}}Document> _collection;

                public {{e}}Archive(IMongoDatabase database)
                {
                    _collection = database.GetCollection<{{e}}Document>("{{Lower(e)}}s");
                }

                public async Task<IReadOnlyList<{{e}}Snapshot>> RecentAsync(int ownerId, CancellationToken cancellationToken) =>
                    await _collection.Find(d => d.OwnerId == ownerId)
                        .SortByDescending(d => d.CreatedAt)
                        .Limit(50)
                        .Project(d => new {{e}}Snapshot(d.Key, d.Name, d.Amount))
                        .ToListAsync(cancellationToken);

                public Task<{{e}}Snapshot> FindAsync(int key, CancellationToken cancellationToken) =>
                    _collection.Find(Builders<{{e}}Document>.Filter.Eq(d => d.Key, key))
                        .Project(d => new {{e}}Snapshot(d.Key, d.Name, d.Amount))
                        .FirstOrDefaultAsync(cancellationToken);

                public Task<long> CountAsync(int ownerId, CancellationToken cancellationToken) =>
                    _collection.CountDocumentsAsync(Builders<{{e}}Document>.Filter.Eq(d => d.OwnerId, ownerId), null, cancellationToken);

                public Task StoreAsync({{e}}Document document, CancellationToken cancellationToken) =>
                    _collection.InsertOneAsync(document, null, cancellationToken);
            {{everything}}}

            """;
    }

    private static string Policy(int index, string e)
    {
        // Violation (ND1): sync-over-async three calls below a controller action.
        string count = index % 17 == 5
            ? "long existing = repository.CountAsync(cancellationToken).Result;"
            : "long existing = await repository.CountAsync(cancellationToken);";
        return $$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Shop.Data;
            using Shop.Domain;

            namespace Shop.Services;

            public sealed class {{e}}Policy
            {
                private const int MaximumPerOwner = 5_000;

                public decimal Discount(decimal amount, int quantity)
                {
                    decimal rate = quantity switch
                    {
                        >= 1_000 => 0.10m,
                        >= 100 => 0.05m,
                        >= 10 => 0.02m,
                        _ => 0m,
                    };
                    return Math.Round(amount * (1 - rate), 2, MidpointRounding.ToEven);
                }

                public async Task<string?> CanCreateAsync(Create{{e}}Request request, I{{e}}Repository repository, CancellationToken cancellationToken)
                {
                    {{count}}
                    if (existing >= MaximumPerOwner * 100L)
                    {
                        return "The store is full.";
                    }

                    return request.Amount > 1_000_000m ? "The amount needs an approval." : null;
                }

                public bool CanUpdate({{e}} current, Update{{e}}Request request)
                {
                    if (!current.IsEditable)
                    {
                        return false;
                    }

                    return current.Version == request.Version;
                }
            }

            """;
    }

    private static string Service(int index, string e, string? related, bool mongo)
    {
        // Violation (ND4): a static dictionary the request path writes to.
        bool staticCache = index % 13 == 2;
        // Violation (ND3): a token dropped on the way down.
        bool dropsToken = index % 23 == 11;
        // Violation (ND1): synchronous file I/O on a request path.
        bool readsFile = index % 31 == 9;
        bool loadAll = index % 19 == 7;

        var ctorParameters = new StringBuilder($"I{e}Repository repository, {e}Policy policy, ILogger<{e}Service> logger");
        var fields = new StringBuilder();
        var assignments = new StringBuilder();
        fields.Append($"    private readonly I{e}Repository _repository;\n    private readonly {e}Policy _policy;\n    private readonly ILogger<{e}Service> _logger;\n");
        assignments.Append("        _repository = repository;\n        _policy = policy;\n        _logger = logger;\n");
        if (related is not null)
        {
            ctorParameters.Append($", I{related}Service related");
            fields.Append($"    private readonly I{related}Service _related;\n");
            assignments.Append("        _related = related;\n");
        }

        if (mongo)
        {
            ctorParameters.Append($", {e}Archive archive");
            fields.Append($"    private readonly {e}Archive _archive;\n");
            assignments.Append("        _archive = archive;\n");
        }

        string cacheField = staticCache
            ? $"    private static Dictionary<int, {e}Summary> s_recent = new();\n"
            : "    private static readonly string[] s_sortable = { \"name\", \"amount\", \"created\" };\n";
        string cacheWrite = staticCache
            ? $"            s_recent[id] = new {e}Summary(details.Id, details.Name, details.Status, details.Amount);\n"
            : string.Empty;
        string existsCall = dropsToken
            ? "await _repository.ExistsAsync(id)"
            : "await _repository.ExistsAsync(id, cancellationToken)";
        string relatedCheck = related is not null
            ? $$"""
                    if (request.OwnerId % 7 == 0 && !await _related.ExistsAsync(request.OwnerId, cancellationToken))
                    {
                        errors.Add("The related {{related}} does not exist.");
                    }

            """
            : string.Empty;
        string archiveStep = mongo
            ? $$"""
                    await _archive.StoreAsync(new {{e}}Document { Key = entity.Id, OwnerId = entity.OwnerId, Name = entity.Name, Amount = entity.Amount, CreatedAt = DateTime.UtcNow }, cancellationToken);

            """
            : string.Empty;
        string template = readsFile
            ? "string header = System.IO.File.ReadAllText(\"templates/summary.txt\");"
            : "string header = \"Statistics\";";
        string loadAllUse = loadAll
            ? $$"""
                    if (pageSize > 1_000)
                    {
                        var everything = _repository.LoadAll();
                        return new {{e}}Page(everything.Select(x => new {{e}}Summary(x.Id, x.Name, x.Status, x.Amount)).ToList(), 1, everything.Count, everything.Count);
                    }

            """
            : string.Empty;

        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Shop.Common;
            using Shop.Data;
            using Shop.Domain;

            namespace Shop.Services;

            public interface I{{e}}Service
            {
                Task<{{e}}Details?> GetAsync(int id, CancellationToken cancellationToken);

                Task<{{e}}Page> ListAsync(int page, int pageSize, CancellationToken cancellationToken);

                Task<IReadOnlyList<{{e}}Summary>> SearchAsync(string term, CancellationToken cancellationToken);

                Task<ServiceResult<{{e}}Details>> CreateAsync(Create{{e}}Request request, CancellationToken cancellationToken);

                Task<ServiceResult<{{e}}Details>> UpdateAsync(int id, Update{{e}}Request request, CancellationToken cancellationToken);

                Task<bool> ExistsAsync(int id, CancellationToken cancellationToken);

                Task<string> DescribeStatisticsAsync(CancellationToken cancellationToken);

                Task<int> ProcessPendingAsync(int batchSize, CancellationToken cancellationToken);
            }

            public sealed class {{e}}Service : I{{e}}Service
            {
            {{cacheField}}{{fields}}
                public {{e}}Service({{ctorParameters}})
                {
            {{assignments}}    }

                public async Task<{{e}}Details?> GetAsync(int id, CancellationToken cancellationToken)
                {
                    if (id <= 0)
                    {
                        return null;
                    }

                    {{e}}Details? details = await LoadDetailsAsync(id, cancellationToken);
                    if (details is not null)
                    {
            {{cacheWrite}}            _logger.LogDebug("Loaded {Entity} {Id}", "{{e}}", id);
                    }

                    return details;
                }

                public async Task<{{e}}Page> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
                {
            {{loadAllUse}}        var items = await _repository.ListAsync(page, pageSize, cancellationToken);
                    long total = await _repository.CountAsync(cancellationToken);
                    return new {{e}}Page(items, page, pageSize, total);
                }

                public async Task<IReadOnlyList<{{e}}Summary>> SearchAsync(string term, CancellationToken cancellationToken)
                {
                    string normalized = Normalize(term);
                    if (normalized.Length < 2)
                    {
                        return Array.Empty<{{e}}Summary>();
                    }

                    var found = await _repository.SearchAsync(normalized, 25, cancellationToken);
                    return found.OrderByDescending(x => x.Amount).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
                }

                public async Task<ServiceResult<{{e}}Details>> CreateAsync(Create{{e}}Request request, CancellationToken cancellationToken)
                {
                    List<string> errors = await ValidateAsync(request, cancellationToken);
                    if (errors.Count > 0)
                    {
                        return ServiceResult<{{e}}Details>.Invalid(errors);
                    }

                    var entity = new {{e}}
                    {
                        Name = request.Name.Trim(),
                        Amount = _policy.Discount(request.Amount, request.Quantity),
                        Quantity = request.Quantity,
                        OwnerId = request.OwnerId,
                        Notes = request.Notes,
                        Status = {{e}}Status.Draft,
                        CreatedAt = DateTimeOffset.UtcNow,
                    };
                    _repository.Add(entity);
                    await _repository.SaveAsync(cancellationToken);
            {{archiveStep}}        return ServiceResult<{{e}}Details>.Ok(ToDetails(entity));
                }

                public async Task<ServiceResult<{{e}}Details>> UpdateAsync(int id, Update{{e}}Request request, CancellationToken cancellationToken)
                {
                    {{e}}? current = await _repository.FindAsync(id, cancellationToken);
                    if (current is null)
                    {
                        return ServiceResult<{{e}}Details>.Missing();
                    }

                    if (!_policy.CanUpdate(current, request))
                    {
                        return ServiceResult<{{e}}Details>.Conflicted("The {{e}} changed or is no longer editable.");
                    }

                    current.Apply(request, DateTimeOffset.UtcNow);
                    await _repository.SaveAsync(cancellationToken);
                    return ServiceResult<{{e}}Details>.Ok(ToDetails(current));
                }

                public async Task<bool> ExistsAsync(int id, CancellationToken cancellationToken)
                {
                    if (id <= 0)
                    {
                        return false;
                    }

                    return {{existsCall}};
                }

                public async Task<string> DescribeStatisticsAsync(CancellationToken cancellationToken)
                {
                    {{template}}
                    {{e}}Statistics statistics = await _repository.StatisticsAsync(cancellationToken);
                    var parts = new List<string>
                    {
                        header,
                        "total=" + statistics.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "amount=" + statistics.TotalAmount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                        "average=" + statistics.AverageAmount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                        "largest=" + statistics.LargestQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                    return string.Join("; ", parts.Where(p => p.Length > 0));
                }

                public async Task<int> ProcessPendingAsync(int batchSize, CancellationToken cancellationToken)
                {
                    IReadOnlyList<{{e}}> pending = await _repository.PendingAsync(batchSize, cancellationToken);
                    int activated = 0;
                    foreach ({{e}} item in pending)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (item.Quantity > 0 && item.Amount >= 0)
                        {
                            item.Status = {{e}}Status.Active;
                            activated++;
                        }
                    }

                    if (activated > 0)
                    {
                        await _repository.SaveAsync(cancellationToken);
                    }

                    return activated;
                }

                private async Task<{{e}}Details?> LoadDetailsAsync(int id, CancellationToken cancellationToken)
                {
                    {{e}}Details? details = await _repository.GetDetailsAsync(id, cancellationToken);
                    if (details is null || !{{existsCall}})
                    {
                        return null;
                    }

                    return details with { Name = Normalize(details.Name) };
                }

                private async Task<List<string>> ValidateAsync(Create{{e}}Request request, CancellationToken cancellationToken)
                {
                    var errors = request.Validate().ToList();
                    string? refusal = await _policy.CanCreateAsync(request, _repository, cancellationToken);
                    if (refusal is not null)
                    {
                        errors.Add(refusal);
                    }

            {{relatedCheck}}        return errors;
                }

                private static {{e}}Details ToDetails({{e}} entity) =>
                    new(entity.Id, entity.Name, entity.Status, entity.Amount, entity.Quantity, entity.CreatedAt, entity.UpdatedAt, entity.Notes);

                private static string Normalize(string value)
                {
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        return string.Empty;
                    }

                    var builder = new System.Text.StringBuilder(value.Length);
                    bool space = false;
                    foreach (char c in value.Trim())
                    {
                        if (char.IsWhiteSpace(c))
                        {
                            space = true;
                            continue;
                        }

                        if (space)
                        {
                            builder.Append(' ');
                            space = false;
                        }

                        builder.Append(c);
                    }

                    return builder.ToString();
                }
            }

            """;
    }

    private static string Controller(string e) => $$"""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;
        using Shop.Domain;
        using Shop.Services;

        namespace Shop.Api;

        [ApiController]
        [Route("api/{{Lower(e)}}s")]
        public sealed class {{e}}Controller : ControllerBase
        {
            private readonly I{{e}}Service _service;
            private readonly ILogger<{{e}}Controller> _logger;

            public {{e}}Controller(I{{e}}Service service, ILogger<{{e}}Controller> logger)
            {
                _service = service;
                _logger = logger;
            }

            [HttpGet("{id:int}")]
            [ProducesResponseType(StatusCodes.Status200OK)]
            [ProducesResponseType(StatusCodes.Status404NotFound)]
            public async Task<ActionResult<{{e}}Details>> Get(int id, CancellationToken cancellationToken)
            {
                {{e}}Details? details = await _service.GetAsync(id, cancellationToken);
                if (details is null)
                {
                    _logger.LogInformation("{Entity} {Id} was not found", "{{e}}", id);
                    return NotFound();
                }

                return details;
            }

            [HttpGet]
            public async Task<ActionResult<{{e}}Page>> List([FromQuery] int page = 1, [FromQuery] int pageSize = 20, CancellationToken cancellationToken = default)
            {
                if (page < 1 || pageSize < 1)
                {
                    return BadRequest("page and pageSize start at 1.");
                }

                return await _service.ListAsync(page, pageSize, cancellationToken);
            }

            [HttpGet("search")]
            public async Task<ActionResult<IReadOnlyList<{{e}}Summary>>> Search([FromQuery] string q, CancellationToken cancellationToken)
            {
                if (string.IsNullOrWhiteSpace(q))
                {
                    return BadRequest("q is required.");
                }

                var found = await _service.SearchAsync(q, cancellationToken);
                return Ok(found);
            }

            [HttpPost]
            public async Task<ActionResult<{{e}}Details>> Create([FromBody] Create{{e}}Request request, CancellationToken cancellationToken)
            {
                var result = await _service.CreateAsync(request, cancellationToken);
                if (result.Errors.Count > 0)
                {
                    return BadRequest(new { errors = result.Errors });
                }

                return CreatedAtAction(nameof(Get), new { id = result.Value!.Id }, result.Value);
            }

            [HttpPut("{id:int}")]
            public async Task<ActionResult<{{e}}Details>> Update(int id, [FromBody] Update{{e}}Request request, CancellationToken cancellationToken)
            {
                var result = await _service.UpdateAsync(id, request, cancellationToken);
                if (result.NotFound)
                {
                    return NotFound();
                }

                if (result.Conflict)
                {
                    return Conflict(new { errors = result.Errors });
                }

                return Ok(result.Value);
            }

            [HttpGet("statistics")]
            public async Task<ActionResult<string>> Statistics(CancellationToken cancellationToken) =>
                await _service.DescribeStatisticsAsync(cancellationToken);
        }

        """;

    private static string Endpoints(string e) => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Shop.Domain;
        using Shop.Services;

        namespace Shop.Api;

        public static class {{e}}Endpoints
        {
            public static IEndpointRouteBuilder Map{{e}}Endpoints(this IEndpointRouteBuilder routes)
            {
                RouteGroupBuilder group = routes.MapGroup("/v2/{{Lower(e)}}s");

                group.MapGet("/{id:int}", async Task<IResult> (int id, I{{e}}Service service, CancellationToken cancellationToken) =>
                {
                    {{e}}Details? details = await service.GetAsync(id, cancellationToken);
                    return details is null ? Results.NotFound() : Results.Ok(details);
                });

                group.MapGet("/", async (int? page, int? pageSize, I{{e}}Service service, CancellationToken cancellationToken) =>
                    Results.Ok(await service.ListAsync(page ?? 1, pageSize ?? 20, cancellationToken)));

                group.MapPost("/", CreateAsync);

                group.MapGet("/{id:int}/exists", ExistsAsync);

                return routes;
            }

            private static async Task<IResult> CreateAsync(Create{{e}}Request request, I{{e}}Service service, CancellationToken cancellationToken)
            {
                var result = await service.CreateAsync(request, cancellationToken);
                if (result.Errors.Count > 0)
                {
                    return Results.BadRequest(new { errors = result.Errors });
                }

                return Results.Created("/v2/{{Lower(e)}}s/" + result.Value!.Id, result.Value);
            }

            private static async Task<IResult> ExistsAsync(int id, I{{e}}Service service, HttpContext context) =>
                await service.ExistsAsync(id, context.RequestAborted) ? Results.NoContent() : Results.NotFound();
        }

        """;

    private static string Middleware(string e) => $$"""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;
        using Shop.Services;

        namespace Shop.Middleware;

        public sealed class {{e}}AuditMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<{{e}}AuditMiddleware> _logger;

            public {{e}}AuditMiddleware(RequestDelegate next, ILogger<{{e}}AuditMiddleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context, I{{e}}Service service)
            {
                if (context.Request.Path.StartsWithSegments("/api/{{Lower(e)}}s")
                    && context.Request.Query.TryGetValue("probe", out var probe)
                    && int.TryParse(probe.ToString(), out int id))
                {
                    bool exists = await service.ExistsAsync(id, context.RequestAborted);
                    context.Response.Headers["X-{{e}}-Exists"] = exists ? "1" : "0";
                    _logger.LogDebug("Probed {Entity} {Id}: {Exists}", "{{e}}", id, exists);
                }

                await _next(context);
            }
        }

        """;

    private static string Worker(int index, string e)
    {
        // Violation (ND1): a thread parked inside a background loop.
        string pause = index % 15 == 0 ? "\n                System.Threading.Thread.Sleep(100);" : string.Empty;
        return $$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using Shop.Services;

            namespace Shop.Workers;

            public sealed class {{e}}Worker : BackgroundService
            {
                private readonly IServiceScopeFactory _scopes;
                private readonly ILogger<{{e}}Worker> _logger;

                public {{e}}Worker(IServiceScopeFactory scopes, ILogger<{{e}}Worker> logger)
                {
                    _scopes = scopes;
                    _logger = logger;
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
                    while (await timer.WaitForNextTickAsync(stoppingToken))
                    {
                        try
                        {
                            await using AsyncServiceScope scope = _scopes.CreateAsyncScope();
                            var service = scope.ServiceProvider.GetRequiredService<I{{e}}Service>();
                            int activated = await service.ProcessPendingAsync(100, stoppingToken);
                            _logger.LogInformation("Activated {Count} {Entity} items", activated, "{{e}}");
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException)
                        {
                            _logger.LogError(exception, "Processing pending {Entity} items failed", "{{e}}");
                        }{{pause}}
                    }
                }
            }

            """;
    }

    private static GeneratedFile Common() => new("Common/ServiceResult.cs", """
        using System;
        using System.Collections.Generic;

        namespace Shop.Common;

        public sealed record ServiceResult<T>(T? Value, IReadOnlyList<string> Errors, bool NotFound = false, bool Conflict = false)
        {
            public static ServiceResult<T> Ok(T value) => new(value, Array.Empty<string>());

            public static ServiceResult<T> Invalid(IReadOnlyList<string> errors) => new(default, errors);

            public static ServiceResult<T> Missing() => new(default, Array.Empty<string>(), NotFound: true);

            public static ServiceResult<T> Conflicted(string reason) => new(default, new[] { reason }, Conflict: true);
        }

        """);

    private static GeneratedFile DbContext(int count)
    {
        var sets = new StringBuilder();
        var model = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            string e = Entity(i);
            sets.Append($"    public DbSet<{e}> {e}s => Set<{e}>();\n\n");
            model.Append($$"""
                        modelBuilder.Entity<{{e}}>(entity =>
                        {
                            entity.HasKey(x => x.Id);
                            entity.Property(x => x.Name).HasMaxLength(200);
                            entity.Property(x => x.Amount).HasPrecision(18, 2);
                            entity.HasIndex(x => x.OwnerId);
                            entity.Property(x => x.Version).IsConcurrencyToken();
                        });

                """);
        }

        return new GeneratedFile("Data/ShopDbContext.cs", $$"""
            using Microsoft.EntityFrameworkCore;
            using Shop.Domain;

            namespace Shop.Data;

            public sealed class ShopDbContext : DbContext
            {
                public ShopDbContext(DbContextOptions<ShopDbContext> options)
                    : base(options)
                {
                }

            {{sets}}    protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
            {{model}}    }
            }

            """);
    }

    private static GeneratedFile Registration(int count, bool withMongo)
    {
        var services = new StringBuilder();
        var pipeline = new StringBuilder();
        var endpoints = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            string e = Entity(i);
            services.Append($"        services.AddScoped<I{e}Repository, {e}Repository>();\n");
            services.Append($"        services.AddScoped<I{e}Service, {e}Service>();\n");
            services.Append($"        services.AddSingleton<{e}Policy>();\n");
            if (HasMongo(i, withMongo))
            {
                services.Append($"        services.AddSingleton<{e}Archive>();\n");
            }

            if (HasWorker(i))
            {
                services.Append($"        services.AddHostedService<{e}Worker>();\n");
            }

            if (HasMiddleware(i))
            {
                pipeline.Append($"        app.UseMiddleware<{e}AuditMiddleware>();\n");
            }

            endpoints.Append($"        routes.Map{e}Endpoints();\n");
        }

        return new GeneratedFile("Registration/ModuleRegistration.cs", $$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;
            using Microsoft.Extensions.DependencyInjection;
            using Shop.Api;
            using Shop.Data;
            using Shop.Middleware;
            using Shop.Services;
            using Shop.Workers;

            namespace Shop.Registration;

            public static class ModuleRegistration
            {
                public static IServiceCollection AddShopModules(this IServiceCollection services)
                {
            {{services}}        return services;
                }

                public static IApplicationBuilder UseShopMiddleware(this IApplicationBuilder app)
                {
            {{pipeline}}        return app;
                }

                public static IEndpointRouteBuilder MapShopEndpoints(this IEndpointRouteBuilder routes)
                {
            {{endpoints}}        return routes;
                }
            }

            """);
    }

    private static GeneratedFile ProgramFile(bool withMongo)
    {
        string mongo = withMongo
            ? """
            builder.Services.AddSingleton<IMongoClient>(_ => new MongoClient(builder.Configuration.GetConnectionString("Mongo") ?? "mongodb://localhost:27017"));
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase("shop"));

            """
            : string.Empty;
        string mongoUsing = withMongo ? "using MongoDB.Driver;\n" : string.Empty;
        // Host configuration is deliberately missing a rate limiter (one ND5 finding); everything else is in place.
        return new GeneratedFile("Program.cs", $$"""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Diagnostics.HealthChecks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            {{mongoUsing}}using Shop.Data;
            using Shop.Registration;

            var builder = WebApplication.CreateBuilder(args);

            builder.Services.AddDbContext<ShopDbContext>(options =>
                options.UseSqlite(builder.Configuration.GetConnectionString("Shop") ?? "Data Source=shop.db"));
            {{mongo}}builder.Services.AddControllers();
            builder.Services.AddHealthChecks();
            builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(10) });
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(25));
            builder.Services.AddShopModules();

            var app = builder.Build();

            app.UseRequestTimeouts();
            app.UseShopMiddleware();
            app.Use(async (HttpContext context, Func<Task> next) =>
            {
                context.Response.Headers["X-Service"] = "shop";
                await next();
            });

            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/health/ready");
            app.MapControllers();
            app.MapShopEndpoints();

            app.Run();

            """);
    }

    /// <summary>
    /// The single-document file: a reporting controller of about 1,000 lines that calls into the first modules'
    /// services, so it is the same text in every size of service.
    /// </summary>
    private static GeneratedFile ReportsController()
    {
        var fields = new StringBuilder();
        var parameters = new StringBuilder();
        var assignments = new StringBuilder();
        var actions = new StringBuilder();
        for (int i = 0; i < ReportModules; i++)
        {
            string e = Entity(i);
            string l = Lower(e);
            fields.Append($"    private readonly I{e}Service _{l};\n");
            parameters.Append(i == 0 ? string.Empty : ",\n        ").Append($"I{e}Service {l}");
            assignments.Append($"        _{l} = {l};\n");
        }

        int action = 0;
        while (true)
        {
            int i = action % ReportModules;
            string e = Entity(i);
            string l = Lower(e);
            string next = Lower(Entity((i + 1) % ReportModules));
            // Violation (ND1) in one action of the file, so the IDE has something to show.
            string statistics = action == 5
                ? $"_{l}.DescribeStatisticsAsync(cancellationToken).Result"
                : $"await _{l}.DescribeStatisticsAsync(cancellationToken)";
            actions.Append($$"""

                    [HttpGet("{{l}}/{{action}}")]
                    public async Task<ActionResult<ReportRow[]>> {{e}}Report{{action}}(int owner, int top, CancellationToken cancellationToken)
                    {
                        if (owner <= 0 || top is < 1 or > 100)
                        {
                            return BadRequest("owner must be positive and top between 1 and 100.");
                        }

                        var page = await _{{l}}.ListAsync(1, top, cancellationToken);
                        var rows = new List<ReportRow>(page.Items.Count);
                        foreach (var item in page.Items)
                        {
                            if (item.Amount <= 0)
                            {
                                continue;
                            }

                            bool linked = await _{{next}}.ExistsAsync(item.Id, cancellationToken);
                            rows.Add(new ReportRow("{{e}}", item.Id, item.Name, Round(item.Amount), linked));
                        }

                        string statistics = {{statistics}};
                        _logger.LogInformation("Report {Report} for {Owner}: {Rows} rows; {Statistics}", "{{e}}{{action}}", owner, rows.Count, statistics);
                        return Sort(rows, top);
                    }

                """);
            action++;
            if (action >= ReportModules * 2 && CountNewlines(actions) >= 880)
            {
                break;
            }
        }

        return new GeneratedFile(SingleDocumentPath, $$"""
            using System;
            using System.Collections.Generic;
            using System.Globalization;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;
            using Shop.Services;

            namespace Shop.Api;

            public sealed record ReportRow(string Kind, int Id, string Name, decimal Amount, bool Linked);

            [ApiController]
            [Route("api/reports")]
            public sealed class ReportsController : ControllerBase
            {
            {{fields}}    private readonly ILogger<ReportsController> _logger;

                public ReportsController(
                    {{parameters}},
                    ILogger<ReportsController> logger)
                {
            {{assignments}}        _logger = logger;
                }
            {{actions}}
                [HttpGet("totals")]
                public async Task<ActionResult<Dictionary<string, decimal>>> Totals(CancellationToken cancellationToken)
                {
                    var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
                    var first = await _{{Lower(Entity(0))}}.ListAsync(1, 50, cancellationToken);
                    totals["{{Entity(0)}}"] = first.Items.Sum(x => x.Amount);
                    var second = await _{{Lower(Entity(1))}}.ListAsync(1, 50, cancellationToken);
                    totals["{{Entity(1)}}"] = second.Items.Sum(x => x.Amount);
                    return totals;
                }

                private static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

                private static ReportRow[] Sort(List<ReportRow> rows, int top) =>
                    rows.OrderByDescending(r => r.Amount)
                        .ThenBy(r => r.Name, StringComparer.Ordinal)
                        .Take(top)
                        .ToArray();

                private static string Format(ReportRow row) =>
                    string.Format(CultureInfo.InvariantCulture, "{0};{1};{2};{3:0.00};{4}", row.Kind, row.Id, row.Name, row.Amount, row.Linked ? 1 : 0);
            }

            """);
    }

    private static int CountNewlines(StringBuilder builder)
    {
        int lines = 0;
        for (int i = 0; i < builder.Length; i++)
        {
            if (builder[i] == '\n')
            {
                lines++;
            }
        }

        return lines;
    }
}
