using Microsoft.EntityFrameworkCore;

namespace Inventory.Data;

public sealed class Item
{
    public int Id { get; set; }
    public string Sku { get; set; } = "";
    public string Name { get; set; } = "";
    public int OnHand { get; set; }
    public int Reserved { get; set; }
    public string Warehouse { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

public sealed class StockMovement
{
    public long Id { get; set; }
    public int ItemId { get; set; }
    public int Delta { get; set; }
    public string Reason { get; set; } = "";
    public DateTime At { get; set; }
}

public sealed class InventoryDb : DbContext
{
    public InventoryDb(DbContextOptions<InventoryDb> options) : base(options) { }

    public DbSet<Item> Items => Set<Item>();
    public DbSet<StockMovement> Movements => Set<StockMovement>();
}

public static class DatabaseStartup
{
    public static WebApplication MigrateDatabase(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDb>();
        db.Database.Migrate(); // trap: start-up
        if (!db.Items.Any()) // trap: start-up
        {
            db.Items.Add(new Item { Sku = "DEMO-1", Name = "Demo", OnHand = 10, Warehouse = "main" });
            db.SaveChanges(); // trap: start-up
        }

        return app;
    }
}

/// <summary>The shared shape of the service's repositories.</summary>
public abstract class Repository<T> where T : class
{
    protected Repository(InventoryDb db) => Db = db;

    protected InventoryDb Db { get; }

    public virtual T? Get(int id) => Db.Set<T>().Find(id); // expect ND1

    public abstract IReadOnlyList<T> Page(int skip, int take);

    public virtual void Save() => Db.SaveChanges(); // expect ND1
}

public sealed class ItemRepository : Repository<Item>
{
    public ItemRepository(InventoryDb db) : base(db) { }

    public override IReadOnlyList<Item> Page(int skip, int take) =>
        Db.Items.AsNoTracking().OrderBy(i => i.Sku).Skip(skip).Take(take).ToList(); // expect ND1

    public IReadOnlyList<Item> LowStock(int threshold)
    {
        var result = new List<Item>();
        foreach (Item item in Db.Items.Where(i => i.OnHand - i.Reserved < threshold)) // expect ND1
        {
            result.Add(item);
        }

        return result;
    }

    public IReadOnlyList<Item> Search(string text) =>
        Db.Items
            .Where(i => i.Warehouse == "main")
            .AsEnumerable()
            .Where(i => i.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Take(50)
            .ToList(); // expect ND1: enumerating the EF query runs it synchronously

    public Dictionary<string, int> OnHandByWarehouse() =>
        Db.Items.GroupBy(i => i.Warehouse).Select(g => new { g.Key, Total = g.Sum(i => i.OnHand) }).ToDictionary(x => x.Key, x => x.Total); // expect ND1

    public int Highest() => Db.Items.Max(i => i.OnHand); // expect ND1
}
