using NoDowntime.SampleService.Data;

namespace NoDowntime.SampleService.Endpoints;

public sealed record CreateOrderRequest(string? CustomerId, string? Sku, int Quantity);

public sealed record OrderDto(long Id, string CustomerId, string Sku, int Quantity, long TotalCents, OrderStatus Status, DateTime CreatedAt);

public sealed record OrderSummary(long Id, string Sku, long TotalCents, OrderStatus Status);

/// <summary>A keyset page: pass <see cref="NextAfter"/> as <c>after</c> to read the next one; null when done.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextAfter);

public sealed record ProductDto(string Sku, string Name, long PriceCents);
