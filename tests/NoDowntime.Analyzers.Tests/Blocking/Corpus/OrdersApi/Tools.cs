using OrdersApi.Data;
using OrdersApi.Services;

namespace OrdersApi.Tools;

/// <summary>`dotnet OrdersApi.dll --seed`: loads demo data and exits without starting the web host.</summary>
public static class SeedTool
{
    public static void Run(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
        var repository = scope.ServiceProvider.GetRequiredService<IOrderRepository>();
        string[] lines = File.ReadAllLines("seed/orders.csv"); // trap: command-line tool
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split(',');
            db.Orders.Add(new Order { CustomerId = cells[0], Total = decimal.Parse(cells[1]) });
        }

        db.SaveChanges(); // trap: command-line tool
        int purged = repository.PurgeCancelled();
        Console.WriteLine($"Seeded {lines.Length - 1} orders, purged {purged}."); // trap
    }
}

// Kept for the quarterly finance export, which runs as a separate job; nothing in this service calls it.
public sealed class LegacyReportExporter
{
    public string Export(OrdersDb db, DateTime from)
    {
        var rows = db.Orders.Where(o => o.CreatedAt >= from).OrderBy(o => o.Id).Take(500).ToList(); // trap: unreachable
        string header = Task.Run(() => File.ReadAllTextAsync("templates/report-header.txt")).Result; // trap: unreachable
        using var writer = new StringWriter();
        writer.WriteLine(header); // trap: StringWriter
        foreach (var row in rows)
        {
            writer.WriteLine($"{row.Id};{row.CustomerId};{row.Total}"); // trap: StringWriter
        }

        return writer.ToString();
    }
}
