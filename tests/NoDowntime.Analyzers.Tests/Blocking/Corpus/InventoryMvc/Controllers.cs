using System.Text.Json;
using Inventory.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Inventory;

public sealed class ItemsController : Controller
{
    private readonly ItemRepository _items;
    private readonly StockService _stock;
    private readonly IMemoryCache _cache;

    public ItemsController(ItemRepository items, StockService stock, IMemoryCache cache)
    {
        _items = items;
        _stock = stock;
        _cache = cache;
    }

    public IActionResult Index(int page = 1)
    {
        var items = _cache.GetOrCreate($"items:{page}", entry => // trap: in-memory cache
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            return _items.Page((page - 1) * 25, 25);
        });
        ViewBag.Page = page; // trap
        return View(items);
    }

    public IActionResult Details(int id)
    {
        Item? item = _items.Get(id);
        return item is null ? NotFound() : View(item);
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    public IActionResult Edit(int id, Item form)
    {
        if (!ModelState.IsValid) // trap
        {
            return View(form);
        }

        Item? item = _items.Get(id);
        if (item is null)
        {
            return NotFound();
        }

        item.Name = form.Name;
        item.UpdatedAt = DateTime.UtcNow;
        _items.Save();
        TempData["saved"] = item.Sku; // trap
        return RedirectToAction(nameof(Details), new { id });
    }

    [Authorize(Policy = "warehouse")]
    public IActionResult LowStock() => View(_items.LowStock(5));

    public IActionResult Search(string q) => View("Index", _items.Search(q));

    [HttpPost]
    public async Task<IActionResult> Import()
    {
        using JsonDocument document = JsonDocument.Parse(Request.Body); // expect ND1
        int imported = 0;
        foreach (JsonElement row in document.RootElement.EnumerateArray())
        {
            await _stock.ReceiveAsync(row.GetProperty("sku").GetString()!, row.GetProperty("quantity").GetInt32(), HttpContext.RequestAborted);
            imported++;
        }

        return Json(new { imported });
    }

    [HttpPost]
    public IActionResult Transfer(int fromId, int toId, int quantity)
    {
        _stock.Transfer(fromId, toId, quantity);
        return RedirectToAction(nameof(Index));
    }
}

/// <summary>List and read actions shared by the small lookup controllers.</summary>
[ApiController]
public abstract class LookupController<T> : ControllerBase where T : class
{
    protected LookupController(InventoryDb db) => Db = db;

    protected InventoryDb Db { get; }

    [HttpGet]
    public IReadOnlyList<T> List() => Db.Set<T>().Take(200).ToList(); // expect ND1

    [HttpGet("count")]
    public int Count() => Db.Set<T>().Count(); // expect ND1
}

[Route("api/movements")]
public sealed class MovementsController : LookupController<StockMovement>
{
    public MovementsController(InventoryDb db) : base(db) { }

    [HttpPost("rebuild")]
    public IActionResult Rebuild()
    {
        bool created = Db.Database.EnsureCreated(); // expect ND1
        Item? first = Db.Items.OrderBy(i => i.Id).FirstOrDefault(); // expect ND1
        if (first is not null)
        {
            Db.Entry(first).Reload(); // expect ND1
        }

        return Ok(created);
    }
}

/// <summary>A POCO controller: no base class, discovered through [Controller].</summary>
[Controller]
[Route("reports")]
public sealed class StockReports
{
    private readonly ItemRepository _items;
    private readonly StockService _stock;

    public StockReports(ItemRepository items, StockService stock)
    {
        _items = items;
        _stock = stock;
    }

    [HttpGet("warehouses")]
    public Dictionary<string, int> Warehouses() => _items.OnHandByWarehouse();

    [HttpGet("highest")]
    public int Highest() => _items.Highest();

    [HttpGet("summary")]
    public string Summary()
    {
        var report = new StockReport(_stock.Template);
        return report.Render(_items.Page(0, 100));
    }

    [HttpGet("valuation")]
    public decimal Valuation() => _stock.Valuation();
}
