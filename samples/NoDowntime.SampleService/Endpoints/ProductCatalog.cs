using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Caching;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Data;

namespace NoDowntime.SampleService.Endpoints;

/// <summary>The hot read: one product by SKU, served from a single-flight cache in front of the database.</summary>
public sealed class ProductCatalog(SingleFlightCache cache, IServiceScopeFactory scopes, IOptions<CacheOptions> options)
{
    public Task<ProductDto?> FindAsync(string sku, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync("product:" + sku, options.Value.ProductTtl, token => LoadAsync(sku, token), cancellationToken);

    private async Task<ProductDto?> LoadAsync(string sku, CancellationToken cancellationToken)
    {
        // The load may outlive the request that started it, so it has its own scope (and DbContext).
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        return await db.Products
            .Where(p => p.Sku == sku)
            .Select(p => new ProductDto(p.Sku, p.Name, p.PriceCents))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
