using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace NoDowntime.Violations;

[ApiController]
[Route("reports")]
public sealed class ReportsController(ReportService reports, ShopContext db) : ControllerBase
{
    // ND1 two calls below: ReportService.Build -> ReportFormatter.Format.
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
        // ND2 + ND1: a whole table, materialised synchronously, and a task blocked on in a helper.
        List<Customer> customers = db.Customers.ToList();
        int products = db.Products.CountAsync().Result;
        return formatter.Format(customers) + Environment.NewLine + products + " products";
    }
}

public sealed class ReportFormatter
{
    // ND1 two calls below the action (ReportsController.Customers -> ReportService.Build -> ReportFormatter.Format):
    // a sleep and blocking file I/O on every GET /reports/customers.
    public string Format(List<Customer> customers)
    {
        Thread.Sleep(50);
        string template = File.ReadAllText("report-template.txt");
        return string.Join(Environment.NewLine, customers.Select(c => string.Format(template, c.Name, c.Email)));
    }
}
