using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Data;
using NoDowntime.SampleService.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NoDowntime.SampleService.Endpoints;

public static class ProductEndpoints
{
    public const string StockTimeoutPolicy = "stock";

    public static RouteGroupBuilder MapProducts(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder products = endpoints.MapGroup("/api/products").WithTags("Products");
        products.MapGet("/", ListAsync).WithName("ListProducts");
        products.MapGet("/{sku}", GetAsync).WithName("GetProduct");
        products.MapGet("/{sku}/stock", GetStockAsync).WithName("GetStock").WithRequestTimeout(StockTimeoutPolicy);
        return products;
    }

    /// <summary>Keyset paging by SKU, projected: the long description never leaves the database here.</summary>
    public static async Task<Results<Ok<Page<ProductDto>>, ValidationProblem>> ListAsync(
        OrdersDbContext db,
        IOptions<DatabaseOptions> options,
        CancellationToken cancellationToken,
        string? after = null,
        int? limit = null)
    {
        Dictionary<string, string[]> errors = Validation.ValidatePage(limit, options.Value.MaxPageSize, after: null);
        if (after is not null && !Validation.IsValidSku(after))
        {
            errors["after"] = ["after must be a SKU."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        int size = limit ?? 20;
        IQueryable<Product> query = db.Products;
        if (after is not null)
        {
            query = query.Where(p => string.Compare(p.Sku, after) > 0);
        }

        List<ProductDto> rows = await query
            .OrderBy(p => p.Sku)
            .Select(p => new ProductDto(p.Sku, p.Name, p.PriceCents))
            .Take(size + 1)
            .ToListAsync(cancellationToken);

        string? next = null;
        if (rows.Count > size)
        {
            rows.RemoveAt(rows.Count - 1);
            next = rows[^1].Sku;
        }

        return TypedResults.Ok(new Page<ProductDto>(rows, next));
    }

    public static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> GetAsync(string sku, ProductCatalog catalog, CancellationToken cancellationToken)
    {
        if (!Validation.IsValidSku(sku))
        {
            return Problems.NotFound($"Product '{sku}' does not exist.");
        }

        ProductDto? product = await catalog.FindAsync(sku, cancellationToken);
        return product is null ? Problems.NotFound($"Product '{sku}' does not exist.") : TypedResults.Ok(product);
    }

    /// <summary>Stock comes from the inventory service: when it is down the caller gets 503 with Retry-After, fast.</summary>
    public static async Task<Results<Ok<StockLevel>, ProblemHttpResult>> GetStockAsync(
        string sku,
        InventoryClient inventory,
        IOptions<InventoryOptions> options,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!Validation.IsValidSku(sku))
        {
            return Problems.NotFound($"Product '{sku}' does not exist.");
        }

        try
        {
            StockLevel? stock = await inventory.GetStockAsync(sku, cancellationToken);
            return stock is null ? Problems.NotFound($"No stock record for '{sku}'.") : TypedResults.Ok(stock);
        }
        catch (BrokenCircuitException ex)
        {
            TimeSpan retryAfter = ex.RetryAfter ?? options.Value.BreakDuration;
            return Unavailable(context, retryAfter, "The inventory service is unavailable (circuit open).");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException)
        {
            return Unavailable(context, TimeSpan.FromSeconds(5), "The inventory service did not answer in time.");
        }
    }

    private static ProblemHttpResult Unavailable(HttpContext context, TimeSpan retryAfter, string detail)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Dependency unavailable");
    }
}
