using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using OrdersApi.Data;
using OrdersApi.Services;

namespace OrdersApi;

[ApiController]
[Route("api/orders")]
public sealed class OrdersController : ControllerBase
{
    private readonly IOrderService _orders;
    private readonly IOrderRepository _repository;
    private readonly IInvoiceQueries _invoices;
    private readonly ShippingClient _shipping;

    public OrdersController(IOrderService orders, IOrderRepository repository, IInvoiceQueries invoices, ShippingClient shipping)
    {
        _orders = orders;
        _repository = repository;
        _invoices = invoices;
        _shipping = shipping;
    }

    [HttpGet("{id:int}")]
    public async Task<ActionResult<OrderDto>> Get(int id, CancellationToken ct)
    {
        OrderDto? order = await _orders.GetAsync(id, ct);
        return order is null ? NotFound() : order;
    }

    [HttpGet("/api/v1/orders/{id:int}")]
    public ActionResult<OrderDto> GetV1(int id)
    {
        OrderDto? order = _orders.Get(id);
        return order is null ? NotFound() : Ok(order);
    }

    [HttpHead("{id:int}")]
    public IActionResult Exists(int id) => _repository.Exists(id) ? Ok() : NotFound();

    [HttpGet("{id:int}/status")]
    public async Task<ActionResult<string>> Status(int id, CancellationToken ct)
    {
        ActionResult<OrderDto> found = await Get(id, ct);
        if (found.Result is NotFoundResult) // trap: ActionResult<T>.Result
        {
            return NotFound();
        }

        return found.Value!.Status;
    }

    [HttpGet("by-customer/{customerId}")]
    public IActionResult History(string customerId) => Ok(_orders.History(customerId));

    [HttpGet("recent")]
    public IReadOnlyList<OrderDto> Recent()
    {
        List<Order> recent = _repository.RecentAsync(20, HttpContext.RequestAborted).Result; // expect ND1
        return recent.Select(OrderDto.From).ToList(); // trap: in-memory
    }

    [HttpPost]
    public async Task<ActionResult<OrderDto>> Place(PlaceOrder command, CancellationToken ct)
    {
        List<ValidationResult> problems = Validate(command);
        if (problems.Count > 0)
        {
            return BadRequest(problems.Select(p => p.ErrorMessage).ToList()); // trap: ValidationResult
        }

        OrderDto created = await _orders.PlaceAsync(command, ct);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    [HttpPost("quote")]
    public ActionResult<decimal> Quote(PlaceOrder command) => _orders.Quote(command);

    [HttpPost("{id:int}/label")]
    public IActionResult Label(int id) => Ok(_shipping.CreateLabel(id));

    [HttpPost("{id:int}/paid")]
    public IActionResult MarkPaid(int id)
    {
        int changed = _invoices.MarkPaid(id);
        return changed == 0 ? NotFound() : NoContent();
    }

    [HttpPut("{id:int}/status")]
    public IActionResult SetStatus(int id, [FromBody] string status)
    {
        Order? order = _repository.Find(id);
        if (order is null)
        {
            return NotFound();
        }

        order.Status = status;
        _repository.Save();
        return NoContent();
    }

    [HttpGet("invoices/{customerId}")]
    public async Task<IActionResult> Invoices(string customerId, CancellationToken ct) =>
        Ok(await _invoices.InvoicesAsync(customerId, ct));

    [NonAction]
    public string InvoiceTemplate() => System.IO.File.ReadAllText("templates/invoice.html"); // trap: [NonAction] and never called

    private static List<ValidationResult> Validate(PlaceOrder command)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(command, new ValidationContext(command), results, validateAllProperties: true); // trap
        if (command.Lines.Count == 0)
        {
            results.Add(new ValidationResult("An order needs at least one line.")); // trap
        }

        return results;
    }
}

public sealed class AuditFilter : IAsyncActionFilter
{
    private readonly IWebHostEnvironment _environment;

    public AuditFilter(IWebHostEnvironment environment) => _environment = environment;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ActionExecutedContext executed = await next();
        string line = $"{DateTime.UtcNow:O} {context.HttpContext.Request.Method} {context.HttpContext.Request.Path} {executed.HttpContext.Response.StatusCode}{Environment.NewLine}";
        File.AppendAllText(Path.Combine(_environment.ContentRootPath, "audit.log"), line); // expect ND1
    }
}
