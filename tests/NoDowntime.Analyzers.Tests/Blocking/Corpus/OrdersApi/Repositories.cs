using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OrdersApi.Data;

namespace OrdersApi.Services;

public interface IOrderRepository
{
    Task<Order?> FindAsync(int id, CancellationToken ct);
    Order? Find(int id);
    IReadOnlyList<Order> ForCustomer(string customerId);
    Task<List<Order>> RecentAsync(int take, CancellationToken ct);
    void Add(Order order);
    int Save();
    Task SaveAsync(CancellationToken ct);
    bool Exists(int id);
    int PurgeCancelled();
}

public sealed class EfOrderRepository : IOrderRepository
{
    private readonly OrdersDb _db;

    public EfOrderRepository(OrdersDb db) => _db = db;

    public Task<Order?> FindAsync(int id, CancellationToken ct) =>
        _db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, ct);

    public Order? Find(int id) => _db.Orders.Find(id); // expect ND1

    public IReadOnlyList<Order> ForCustomer(string customerId) =>
        _db.Orders
            .Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.CreatedAt)
            .Take(50)
            .ToList(); // expect ND1

    public Task<List<Order>> RecentAsync(int take, CancellationToken ct) =>
        _db.Orders.OrderByDescending(o => o.CreatedAt).Take(take).ToListAsync(ct);

    public void Add(Order order) => _db.Orders.Add(order); // trap: Add only starts tracking; AddAsync is for special value generators

    public int Save() => _db.SaveChanges(); // expect ND1

    public Task SaveAsync(CancellationToken ct) => _db.SaveChangesAsync(ct);

    public bool Exists(int id) => _db.Orders.Any(o => o.Id == id); // expect ND1

    // Used by the seeding tool only.
    public int PurgeCancelled()
    {
        var cancelled = _db.Orders.Where(o => o.Status == "Cancelled").ToList(); // trap: not reachable from a request
        _db.Orders.RemoveRange(cancelled);
        return _db.SaveChanges(); // trap: not reachable from a request
    }
}

public sealed record InvoiceRow(int OrderId, decimal Amount, string Status);

public interface IInvoiceQueries
{
    decimal OutstandingFor(string customerId);
    Task<IReadOnlyList<InvoiceRow>> InvoicesAsync(string customerId, CancellationToken ct);
    int MarkPaid(int orderId);
}

public sealed class SqlInvoiceQueries : IInvoiceQueries
{
    private readonly OrdersDb _db;
    private readonly string _connectionString;

    public SqlInvoiceQueries(OrdersDb db, IConfiguration configuration)
    {
        _db = db;
        _connectionString = configuration.GetConnectionString("Orders") ?? "Data Source=orders.db"; // trap: configuration read
    }

    public decimal OutstandingFor(string customerId)
    {
        DbConnection connection = _db.Database.GetDbConnection();
        connection.Open(); // expect ND1
        try
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = "select coalesce(sum(Total), 0) from Orders where CustomerId = $c and Status <> 'Paid'";
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = "$c";
            parameter.Value = customerId;
            command.Parameters.Add(parameter); // trap: no I/O
            return Convert.ToDecimal(command.ExecuteScalar()); // expect ND1
        }
        finally
        {
            connection.Close(); // trap: hands the connection back, no request-time wait worth flagging
        }
    }

    public async Task<IReadOnlyList<InvoiceRow>> InvoicesAsync(string customerId, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "select Id, Total, Status from Orders where CustomerId = $c order by Id desc limit 100";
        command.Parameters.AddWithValue("$c", customerId); // trap: no I/O
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<InvoiceRow>();
        while (reader.Read()) // expect ND1
        {
            rows.Add(new InvoiceRow(reader.GetInt32(0), reader.GetDecimal(1), reader.GetString(2))); // trap: reads the current row
        }

        return rows;
    }

    public int MarkPaid(int orderId)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // expect ND1
        using var command = connection.CreateCommand();
        command.CommandText = "update Orders set Status = 'Paid' where Id = $id";
        command.Parameters.AddWithValue("$id", orderId);
        return command.ExecuteNonQuery(); // expect ND1
    }
}
