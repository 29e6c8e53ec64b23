using Microsoft.EntityFrameworkCore;

namespace NoDowntime.Violations;

public sealed class Customer
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";
}

public sealed class Product
{
    public int Id { get; set; }

    public string Sku { get; set; } = "";

    public decimal Price { get; set; }
}

public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();
}

/// <summary>ND4: process-local state that splits across instances and vanishes on restart.</summary>
public static class PriceCache
{
    public static readonly Dictionary<string, decimal> Prices = new();
}

public static class Counters
{
    public static int PriceLookups;
}

public static class FeatureFlags
{
    public static bool NewCheckout { get; set; }
}

public sealed class AuditEntry
{
    public MongoDB.Bson.ObjectId Id { get; set; }

    public string Action { get; set; } = "";

    public DateTime At { get; set; }

    public string Payload { get; set; } = "";
}
