using System.Text;
using Inventory.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Inventory;

public sealed class StockService
{
    private readonly InventoryDb _db;
    private readonly IWebHostEnvironment _environment;
    private readonly Lazy<Task<decimal>> _unitCost;

    public StockService(InventoryDb db, IWebHostEnvironment environment, IHttpClientFactory clients)
    {
        _db = db;
        _environment = environment;
        _unitCost = new Lazy<Task<decimal>>(() => clients.CreateClient("pricing").GetFromJsonAsync<decimal>("unit-cost"));
    }

    public string Template => File.ReadAllText(Path.Combine(_environment.ContentRootPath, "report.txt")); // expect ND1

    public IResult Adjust(int id, int delta)
    {
        int changed = _db.Items.Where(i => i.Id == id)
            .ExecuteUpdate(s => s.SetProperty(i => i.OnHand, i => i.OnHand + delta)); // expect ND1
        return changed == 0 ? Results.NotFound() : Results.NoContent();
    }

    public async Task ReceiveAsync(string sku, int quantity, CancellationToken ct)
    {
        Item? item = await _db.Items.FirstOrDefaultAsync(i => i.Sku == sku, ct);
        if (item is null)
        {
            return;
        }

        item.OnHand += quantity;
        _db.Movements.Add(new StockMovement { ItemId = item.Id, Delta = quantity, Reason = "receipt", At = DateTime.UtcNow }); // trap: Add
        await _db.SaveChangesAsync(ct);
    }

    public void Transfer(int fromId, int toId, int quantity)
    {
        using var transaction = _db.Database.BeginTransaction(); // expect ND1
        var items = new List<Item?> { _db.Items.Find(fromId), _db.Items.Find(toId) }; // expect ND1 expect ND1
        items.ForEach(i => i!.UpdatedAt = DateTime.UtcNow); // trap: in-memory
        items[0]!.OnHand -= quantity;
        items[1]!.OnHand += quantity;
        _db.Entry(items[0]!).State = EntityState.Modified; // trap
        _db.SaveChanges(); // expect ND1
        _db.Database.ExecuteSqlRaw("insert into Movements (ItemId, Delta, Reason, At) values ({0}, {1}, 'transfer', {2})", fromId, -quantity, DateTime.UtcNow); // expect ND1
        transaction.Commit(); // expect ND1
        _db.ChangeTracker.Clear(); // trap
    }

    public decimal Valuation()
    {
        decimal unitCost = _unitCost.Value.Result; // expect ND1
        int units = _db.Items.Sum(i => i.OnHand); // expect ND1
        return unitCost * units;
    }
}

public sealed class StockReport
{
    private readonly string _template;
    private readonly string _footer;

    public StockReport(string template)
    {
        _template = template;
        _footer = File.ReadAllText("report-footer.txt"); // expect ND1: a request creates the report
    }

    public string Render(IEnumerable<Item> items)
    {
        var text = new StringBuilder(_template);
        foreach (Item item in items)
        {
            text.AppendLine($"{item.Sku}\t{item.OnHand}");
        }

        return text.Append(_footer).ToString();
    }
}

public sealed class DatabaseHealthCheck : IHealthCheck
{
    private readonly InventoryDb _db;

    public DatabaseHealthCheck(InventoryDb db) => _db = db;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_db.Database.CanConnect() // expect ND1
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("database unreachable"));
}

public sealed class WarehouseRequirement : IAuthorizationRequirement { }

public sealed class WarehouseHandler : AuthorizationHandler<WarehouseRequirement>
{
    private readonly IServiceScopeFactory _scopes;

    public WarehouseHandler(IServiceScopeFactory scopes) => _scopes = scopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WarehouseRequirement requirement)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDb>();
        string? warehouse = context.User.FindFirst("warehouse")?.Value; // trap
        if (warehouse is not null && db.Items.Any(i => i.Warehouse == warehouse)) // expect ND1
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public sealed class ThrottleFilter : IEndpointFilter
{
    private static readonly SemaphoreSlim Gate = new(4, 4);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!Gate.Wait(TimeSpan.FromSeconds(2))) // expect ND1
        {
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        try
        {
            return await next(context);
        }
        finally
        {
            Gate.Release(); // trap
        }
    }
}

public sealed class ProblemLogger : IExceptionHandler
{
    private readonly IWebHostEnvironment _environment;

    public ProblemLogger(IWebHostEnvironment environment) => _environment = environment;

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        File.AppendAllText(Path.Combine(_environment.ContentRootPath, "errors.log"), exception + Environment.NewLine); // expect ND1
        return ValueTask.FromResult(false);
    }
}
