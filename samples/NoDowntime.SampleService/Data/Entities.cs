namespace NoDowntime.SampleService.Data;

public sealed class Order
{
    public long Id { get; set; }

    public string CustomerId { get; set; } = "";

    public string Sku { get; set; } = "";

    public int Quantity { get; set; }

    /// <summary>Money in minor units: exact, and sortable on every provider.</summary>
    public long TotalCents { get; set; }

    public OrderStatus Status { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}

public enum OrderStatus
{
    Pending = 0,
    Confirmed = 1,
    Expired = 2,
}

public sealed class Product
{
    public string Sku { get; set; } = "";

    public string Name { get; set; } = "";

    public long PriceCents { get; set; }

    /// <summary>A long text the list views never load: projections keep it out of hot reads.</summary>
    public string Description { get; set; } = "";
}
