using Microsoft.EntityFrameworkCore;

namespace OrdersApi.Data;

public sealed class Order
{
    public int Id { get; set; }
    public string CustomerId { get; set; } = "";
    public string Status { get; set; } = "New";
    public decimal Total { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<OrderLine> Lines { get; set; } = new();
}

public sealed class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public string Sku { get; set; } = "";
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
}

public sealed class Customer
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class OrdersDb : DbContext
{
    public OrdersDb(DbContextOptions<OrdersDb> options) : base(options) { }

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Customer> Customers => Set<Customer>();
}

public static class DataInitializer
{
    // Only the start-up block in Program.cs calls this.
    public static async Task WarmUpAsync(OrdersDb db)
    {
        if (!db.Customers.Any()) // trap: start-up only, even though the method is async
        {
            db.Customers.Add(new Customer { Id = "demo", Name = "Demo customer" });
            db.SaveChanges(); // trap: start-up only
        }

        await db.Orders.OrderBy(o => o.Id).Take(1).ToListAsync();
    }
}
