using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Data;
using NoDowntime.SampleService.Observability;

namespace NoDowntime.SampleService.Endpoints;

public static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrders(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder orders = endpoints.MapGroup("/api/orders").WithTags("Orders");
        orders.MapPost("/", CreateAsync).WithName("CreateOrder");
        orders.MapGet("/{id:long}", GetAsync).WithName("GetOrder");
        orders.MapGet("/", ListAsync).WithName("ListOrders");
        orders.MapPost("/{id:long}/confirm", ConfirmAsync).WithName("ConfirmOrder");
        return orders;
    }

    public static async Task<Results<Created<OrderDto>, ValidationProblem>> CreateAsync(
        CreateOrderRequest request,
        OrdersDbContext db,
        ProductCatalog catalog,
        SampleTelemetry telemetry,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        Dictionary<string, string[]> errors = Validation.ValidateCreate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        ProductDto? product = await catalog.FindAsync(request.Sku!, cancellationToken);
        if (product is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["sku"] = [$"Unknown product '{request.Sku}'."],
            });
        }

        Order order = new()
        {
            CustomerId = request.CustomerId!,
            Sku = product.Sku,
            Quantity = request.Quantity,
            TotalCents = product.PriceCents * request.Quantity,
            Status = OrderStatus.Pending,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        telemetry.OrdersCreated.Add(1);

        OrderDto dto = new(order.Id, order.CustomerId, order.Sku, order.Quantity, order.TotalCents, order.Status, order.CreatedAt);
        return TypedResults.Created($"/api/orders/{order.Id}", dto);
    }

    public static async Task<Results<Ok<OrderDto>, ProblemHttpResult>> GetAsync(long id, OrdersDbContext db, CancellationToken cancellationToken)
    {
        OrderDto? order = await db.Orders
            .Where(o => o.Id == id)
            .Select(o => new OrderDto(o.Id, o.CustomerId, o.Sku, o.Quantity, o.TotalCents, o.Status, o.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        return order is null
            ? Problems.NotFound($"Order {id} does not exist.")
            : TypedResults.Ok(order);
    }

    /// <summary>Keyset paging by id: stable under inserts and as cheap on page 1000 as on page 1.</summary>
    public static async Task<Results<Ok<Page<OrderSummary>>, ValidationProblem>> ListAsync(
        OrdersDbContext db,
        IOptions<DatabaseOptions> options,
        CancellationToken cancellationToken,
        string? customerId = null,
        long? after = null,
        int? limit = null)
    {
        int maxPage = options.Value.MaxPageSize;
        Dictionary<string, string[]> errors = Validation.ValidatePage(limit, maxPage, after);
        if (customerId is not null && !Validation.IsValidCustomerId(customerId))
        {
            errors["customerId"] = ["customerId must be 1-64 letters, digits, '-' or '_'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        int size = limit ?? 20;
        IQueryable<Order> query = db.Orders;
        if (customerId is not null)
        {
            query = query.Where(o => o.CustomerId == customerId);
        }

        if (after is long afterId)
        {
            query = query.Where(o => o.Id > afterId);
        }

        // One row more than asked tells whether another page exists.
        List<OrderSummary> rows = await query
            .OrderBy(o => o.Id)
            .Select(o => new OrderSummary(o.Id, o.Sku, o.TotalCents, o.Status))
            .Take(size + 1)
            .ToListAsync(cancellationToken);

        string? next = null;
        if (rows.Count > size)
        {
            rows.RemoveAt(rows.Count - 1);
            next = rows[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(new Page<OrderSummary>(rows, next));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmAsync(
        long id,
        OrdersDbContext db,
        CancellationToken cancellationToken)
    {
        int updated = await db.Orders
            .Where(o => o.Id == id && o.Status == OrderStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Confirmed), cancellationToken);
        if (updated == 1)
        {
            return TypedResults.NoContent();
        }

        bool exists = await db.Orders.AnyAsync(o => o.Id == id, cancellationToken);
        return exists
            ? Problems.Conflict($"Order {id} is no longer pending.")
            : Problems.NotFound($"Order {id} does not exist.");
    }
}
