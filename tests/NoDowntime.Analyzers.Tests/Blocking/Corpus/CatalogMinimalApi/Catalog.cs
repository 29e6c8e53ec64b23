using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;

namespace CatalogApi;

public sealed record Product(string Id, string Name, string Category, decimal Price, string? ImageUrl);

public sealed class ProductStore
{
    private readonly ConcurrentDictionary<string, Product> _items = new();
    private readonly SemaphoreSlim _importGate = new(1, 1);
    private readonly ILogger<ProductStore> _logger;

    public ProductStore(ILogger<ProductStore> logger) => _logger = logger;

    public IEnumerable<Product> All() => _items.Values.OrderBy(p => p.Name); // trap: in-memory

    public Product? Find(string id) => _items.TryGetValue(id, out var product) ? product : null;

    // Start-up only (Program.cs, before app.Run()).
    public void LoadSeed(string path)
    {
        if (!File.Exists(path)) // trap
        {
            return;
        }

        string json = File.ReadAllText(path); // trap: start-up only
        foreach (var product in JsonSerializer.Deserialize<List<Product>>(json) ?? new())
        {
            _items[product.Id] = product;
        }

        Console.WriteLine($"Loaded {_items.Count} products from {path}"); // trap
    }

    public async Task UpsertAsync(IReadOnlyList<Product> incoming, CancellationToken ct)
    {
        await _importGate.WaitAsync(ct);
        try
        {
            Parallel.ForEach(incoming, p => _items[p.Id] = p); // trap: CPU-bound in-memory work
            _logger.LogInformation("Imported {Count} products", incoming.Count);
        }
        finally
        {
            _importGate.Release(); // trap
        }
    }

    public void ReplaceAll(IEnumerable<Product> products)
    {
        _importGate.Wait(); // expect ND1
        try
        {
            _items.Clear();
            foreach (var p in products)
            {
                _items[p.Id] = p;
            }
        }
        finally
        {
            _importGate.Release();
        }
    }

    public bool TryBeginMaintenance() => _importGate.Wait(0); // trap: a zero timeout never blocks
}

public sealed class PriceCache
{
    private readonly IDistributedCache _cache;

    public PriceCache(IDistributedCache cache) => _cache = cache;

    public async ValueTask<decimal?> TryGetAsync(string id, CancellationToken ct)
    {
        string? text = await _cache.GetStringAsync($"price:{id}", ct);
        return decimal.TryParse(text, out var price) ? price : null;
    }

    public decimal? TryGet(string id)
    {
        string? text = _cache.GetString($"price:{id}"); // expect ND1
        return decimal.TryParse(text, out var price) ? price : null;
    }

    public byte[]? Raw(string id) => _cache.Get($"price:{id}"); // expect ND1

    public void Set(string id, decimal price) =>
        _cache.SetString($"price:{id}", price.ToString(System.Globalization.CultureInfo.InvariantCulture)); // expect ND1
}

public sealed class ImageResolver
{
    private readonly IHttpClientFactory _clients;
    private readonly Lazy<JsonSerializerOptions> _options = new(() => new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public ImageResolver(IHttpClientFactory clients) => _clients = clients;

    public string? ResolveImage(Product product)
    {
        if (product.ImageUrl is not null)
        {
            return product.ImageUrl;
        }

        HttpClient client = _clients.CreateClient("supplier");
        string json = client.GetStringAsync($"images/{product.Id}").Result; // expect ND1
        var image = JsonSerializer.Deserialize<SupplierImage>(json, _options.Value); // trap: Lazy<T>.Value
        return image?.Url;
    }

    public byte[] Snapshot(Product product)
    {
        using var buffer = new MemoryStream();
        JsonSerializer.Serialize(buffer, product, _options.Value); // trap: serializes into memory
        buffer.Position = 0;
        using var copy = new MemoryStream();
        buffer.CopyTo(copy); // trap: memory to memory
        using var reader = new StreamReader(new MemoryStream(copy.ToArray()), Encoding.UTF8);
        string text = reader.ReadToEnd(); // trap: reader over a MemoryStream
        return Encoding.UTF8.GetBytes(text);
    }
}

public sealed record SupplierImage(string Url);
