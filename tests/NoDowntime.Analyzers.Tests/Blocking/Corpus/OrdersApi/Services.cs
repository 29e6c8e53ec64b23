using System.Net.Http.Json;
using OrdersApi.Data;

namespace OrdersApi.Services;

public sealed record OrderLineDto(string Sku, int Quantity, decimal UnitPrice);

public sealed record PlaceOrder(string CustomerId, string PostCode, List<OrderLineDto> Lines);

public sealed record OrderDto(int Id, string CustomerId, string Status, decimal Total)
{
    public static OrderDto From(Order order) => new(order.Id, order.CustomerId, order.Status, order.Total);
}

public sealed record ShippingQuote(decimal Amount);

public sealed record ShippingLabel(string TrackingNumber, string LabelUrl);

public interface IOrderService
{
    Task<OrderDto?> GetAsync(int id, CancellationToken ct);
    OrderDto? Get(int id);
    IReadOnlyList<OrderDto> History(string customerId);
    Task<OrderDto> PlaceAsync(PlaceOrder command, CancellationToken ct);
    decimal Quote(PlaceOrder command);
}

public sealed class OrderService : IOrderService
{
    private readonly IOrderRepository _repository;
    private readonly IInvoiceQueries _invoices;
    private readonly PricingRules _pricing;
    private readonly ShippingClient _shipping;
    private readonly ILogger<OrderService> _logger;

    public OrderService(IOrderRepository repository, IInvoiceQueries invoices, PricingRules pricing, ShippingClient shipping, ILogger<OrderService> logger)
    {
        _repository = repository;
        _invoices = invoices;
        _pricing = pricing;
        _shipping = shipping;
        _logger = logger;
    }

    public async Task<OrderDto?> GetAsync(int id, CancellationToken ct)
    {
        var order = await _repository.FindAsync(id, ct);
        return order is null ? null : OrderDto.From(order);
    }

    public OrderDto? Get(int id)
    {
        var order = _repository.Find(id);
        return order is null ? null : OrderDto.From(order);
    }

    public IReadOnlyList<OrderDto> History(string customerId) =>
        _repository.ForCustomer(customerId).Select(OrderDto.From).ToList(); // trap: in-memory list

    public async Task<OrderDto> PlaceAsync(PlaceOrder command, CancellationToken ct)
    {
        decimal outstanding = _invoices.OutstandingFor(command.CustomerId);
        if (outstanding > 10_000m)
        {
            throw new InvalidOperationException($"Customer {command.CustomerId} has reached the credit limit.");
        }

        Task<decimal> quoteTask = _shipping.QuoteAsync(command.PostCode, ct);
        Task<RuleSet> rulesTask = _pricing.LoadAsync(ct);
        await Task.WhenAll(quoteTask, rulesTask);
        decimal shippingCost = quoteTask.Result; // trap: completed by the awaited WhenAll
        RuleSet rules = rulesTask.Result; // trap: completed by the awaited WhenAll

        var order = new Order
        {
            CustomerId = command.CustomerId,
            Lines = command.Lines.Select(l => new OrderLine { Sku = l.Sku, Quantity = l.Quantity, UnitPrice = l.UnitPrice }).ToList(), // trap: in-memory
            Total = rules.Apply(command.Lines.Sum(l => l.Quantity * l.UnitPrice)) + shippingCost,
        };
        _repository.Add(order);
        await _repository.SaveAsync(ct);
        _logger.LogInformation("Placed order {OrderId} for {CustomerId}", order.Id, order.CustomerId);
        return OrderDto.From(order);
    }

    public decimal Quote(PlaceOrder command)
    {
        decimal cost = _shipping.QuoteAsync(command.PostCode, CancellationToken.None).GetAwaiter().GetResult(); // expect ND1
        return _pricing.Current.Apply(command.Lines.Sum(l => l.Quantity * l.UnitPrice)) + cost;
    }
}

public sealed record RuleSet(decimal Discount)
{
    public static RuleSet Default { get; } = new(0m);

    public decimal Apply(decimal amount) => Math.Round(amount * (1 - Discount), 2);
}

public sealed class PricingRules
{
    private readonly Lazy<RuleSet> _current;
    private readonly object _gate = new();
    private RuleSet? _cached;

    // A singleton: the container builds it once; no request path constructs it.
    public PricingRules(IWebHostEnvironment environment)
    {
        string path = Path.Combine(environment.ContentRootPath, "pricing.json"); // trap: no I/O
        _current = new Lazy<RuleSet>(() => File.Exists(path) ? new RuleSet(0.05m) : RuleSet.Default); // trap: File.Exists has no async form
    }

    public RuleSet Current => _current.Value; // trap: Lazy<T>.Value

    public async Task<RuleSet> LoadAsync(CancellationToken ct)
    {
        lock (_gate) // trap: lock
        {
            if (_cached is not null)
            {
                return _cached;
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(5), ct);
        lock (_gate) // trap: lock
        {
            _cached ??= _current.Value;
            return _cached;
        }
    }
}

public sealed class ShippingClient
{
    private readonly HttpClient _http;

    public ShippingClient(HttpClient http) => _http = http;

    public async Task<decimal> QuoteAsync(string postCode, CancellationToken ct)
    {
        var quote = await _http.GetFromJsonAsync<ShippingQuote>($"quotes/{Uri.EscapeDataString(postCode)}", ct);
        return quote?.Amount ?? 0m;
    }

    public ShippingLabel CreateLabel(int orderId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"labels/{orderId}");
        using HttpResponseMessage response = _http.Send(request); // expect ND1
        response.EnsureSuccessStatusCode();
        return response.Content.ReadFromJsonAsync<ShippingLabel>().Result!; // expect ND1
    }
}
