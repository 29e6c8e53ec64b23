using Microsoft.EntityFrameworkCore;

namespace NoDowntime.SampleService.Data;

public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Product> Products => Set<Product>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("Orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).ValueGeneratedOnAdd();
            order.Property(o => o.CustomerId).HasMaxLength(64).IsRequired();
            order.Property(o => o.Sku).HasMaxLength(32).IsRequired();
            order.Property(o => o.Status).HasConversion<int>();
            // Keyset paging per customer walks this index; the expiry job walks the second one.
            order.HasIndex(o => new { o.CustomerId, o.Id }).HasDatabaseName("IX_Orders_CustomerId_Id");
            order.HasIndex(o => new { o.Status, o.CreatedAt }).HasDatabaseName("IX_Orders_Status_CreatedAt");
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("Products");
            product.HasKey(p => p.Sku);
            product.Property(p => p.Sku).HasMaxLength(32);
            product.Property(p => p.Name).HasMaxLength(200).IsRequired();
            product.Property(p => p.Description).HasMaxLength(4000).IsRequired();
        });
    }
}
