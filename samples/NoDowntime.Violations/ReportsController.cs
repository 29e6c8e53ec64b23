using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace NoDowntime.Violations;

[ApiController]
[Route("reports")]
public sealed class ReportsController(ReportService reports, ShopContext db) : ControllerBase
{
    // ND1 (two calls below: ReportService.Build -> ReportFormatter.LoadTemplate).
    [HttpGet("customers")]
    public IActionResult Customers()
    {
        return Content(reports.Build(), "text/plain");
    }

    // ND1: .Wait() on a task; ND2: a whole table; ND3: the action takes no CancellationToken.
    [HttpGet("products")]
    public async Task<IActionResult> Products()
    {
        db.Database.OpenConnectionAsync().Wait();
        List<Product> all = await db.Products.ToListAsync();
        return Ok(all);
    }
}

public sealed class ReportService(ReportFormatter formatter, ShopContext db)
{
    public string Build()
    {
        // ND2 + ND1: a whole table, materialised synchronously.
        List<Customer> customers = db.Customers.ToList();
        return formatter.Format(customers);
    }
}

public sealed class ReportFormatter
{
    public string Format(List<Customer> customers)
    {
        string template = LoadTemplate();
        return string.Join(Environment.NewLine, customers.Select(c => string.Format(template, c.Name, c.Email)));
    }

    private static string LoadTemplate()
    {
        // ND1: blocking file I/O and a sleep, reached from GET /reports/customers.
        Thread.Sleep(50);
        return File.ReadAllText("report-template.txt");
    }
}
