using System.Net;
using System.Net.Http.Json;
using MediatR;
using Microsoft.Data.Sqlite;

namespace Billing;

public sealed record InvoiceDto(string Id, string Customer, decimal Amount, string Currency, string Status);

public sealed record GetInvoiceQuery(string InvoiceId, string Currency = "EUR") : IRequest<InvoiceDto?>;

public sealed record RecordPaymentCommand(string InvoiceId, decimal Amount) : IRequest<bool>;

public sealed record InvoicePaid(string InvoiceId, string Customer) : INotification;

public sealed class GetInvoiceHandler : IRequestHandler<GetInvoiceQuery, InvoiceDto?>
{
    private readonly Ledger _ledger;
    private readonly FxRates _rates;

    public GetInvoiceHandler(Ledger ledger, FxRates rates)
    {
        _ledger = ledger;
        _rates = rates;
    }

    public async Task<InvoiceDto?> Handle(GetInvoiceQuery request, CancellationToken cancellationToken)
    {
        InvoiceDto? invoice = _ledger.Find(request.InvoiceId);
        if (invoice is null || invoice.Currency == request.Currency)
        {
            return invoice;
        }

        decimal rate = await _rates.RateAsync(invoice.Currency, request.Currency, cancellationToken);
        return invoice with { Amount = Math.Round(invoice.Amount * rate, 2), Currency = request.Currency };
    }
}

public sealed class RecordPaymentHandler : IRequestHandler<RecordPaymentCommand, bool>
{
    private readonly Ledger _ledger;
    private readonly IPublisher _publisher;

    public RecordPaymentHandler(Ledger ledger, IPublisher publisher)
    {
        _ledger = ledger;
        _publisher = publisher;
    }

    public Task<bool> Handle(RecordPaymentCommand request, CancellationToken cancellationToken)
    {
        InvoiceDto? invoice = _ledger.Find(request.InvoiceId);
        if (invoice is null)
        {
            return Task.FromResult(false);
        }

        _ledger.RecordPayment(request.InvoiceId, request.Amount);
        _publisher.Publish(new InvoicePaid(invoice.Id, invoice.Customer), cancellationToken).Wait(cancellationToken); // expect ND1
        return Task.FromResult(true);
    }
}

public sealed class SendReceiptHandler : INotificationHandler<InvoicePaid>
{
    private readonly IWebHostEnvironment _environment;

    public SendReceiptHandler(IWebHostEnvironment environment) => _environment = environment;

    public Task Handle(InvoicePaid notification, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(_environment.ContentRootPath, "receipts"); // trap
        Directory.CreateDirectory(folder); // trap
        File.WriteAllText(Path.Combine(folder, $"{notification.InvoiceId}.txt"), $"Paid: {notification.InvoiceId} by {notification.Customer}"); // expect ND1
        return Task.CompletedTask;
    }
}

public sealed class Ledger
{
    private readonly string _connectionString;

    public Ledger(IConfiguration configuration) =>
        _connectionString = configuration.GetConnectionString("Ledger") ?? "Data Source=ledger.db"; // trap

    // Start-up only.
    public void CreateSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // trap: start-up
        using var command = connection.CreateCommand();
        command.CommandText = "create table if not exists Invoices (Id text primary key, Customer text, Amount real, Currency text, Status text)";
        command.ExecuteNonQuery(); // trap: start-up
    }

    public InvoiceDto? Find(string id)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // expect ND1
        using var command = connection.CreateCommand();
        command.CommandText = "select Id, Customer, Amount, Currency, Status from Invoices where Id = $id";
        command.Parameters.AddWithValue("$id", id);
        using SqliteDataReader reader = command.ExecuteReader(); // expect ND1
        return reader.Read() // expect ND1
            ? new InvoiceDto(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetString(3), reader.GetString(4))
            : null;
    }

    public IEnumerable<InvoiceDto> ForCustomer(string customer)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // expect ND1
        using var command = connection.CreateCommand();
        command.CommandText = "select Id, Customer, Amount, Currency, Status from Invoices where Customer = $c order by Id limit 200";
        command.Parameters.AddWithValue("$c", customer);
        using var reader = command.ExecuteReader(); // expect ND1
        while (reader.Read()) // expect ND1
        {
            yield return new InvoiceDto(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetString(3), reader.GetString(4));
        }
    }

    public void RecordPayment(string id, decimal amount)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // expect ND1
        using var command = connection.CreateCommand();
        command.CommandText = "update Invoices set Status = case when Amount <= $a then 'Paid' else 'Partial' end where Id = $id";
        command.Parameters.AddWithValue("$a", amount);
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery(); // expect ND1
    }
}

public sealed class FxRates
{
    private readonly HttpClient _http;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<decimal>> _recent = new();

    public FxRates(HttpClient http) => _http = http;

    public async Task<decimal> RateAsync(string from, string to, CancellationToken ct)
    {
        Task<decimal> pending = _recent.GetOrAdd($"{from}/{to}", _ => FetchAsync(from, to, ct)); // trap: in-memory cache
        if (pending.IsCompletedSuccessfully)
        {
            return pending.Result; // trap: guarded by IsCompletedSuccessfully
        }

        return await pending;
    }

    private async Task<decimal> FetchAsync(string from, string to, CancellationToken ct)
    {
        var rate = await _http.GetFromJsonAsync<decimal>($"https://fx.internal/rates/{from}/{to}", ct);
        return rate == 0 ? 1 : rate;
    }

    public string ProviderHost()
    {
        IPAddress[] addresses = Dns.GetHostAddresses("fx.internal"); // expect ND1
        return addresses.Length == 0 ? "unresolved" : addresses[0].ToString();
    }
}
