using Inventory;
using Inventory.Data;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllersWithViews();
builder.Services.AddDbContext<InventoryDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Inventory")));
builder.Services.AddScoped<ItemRepository>();
builder.Services.AddScoped<StockService>();
builder.Services.AddMemoryCache();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddAuthorization(options =>
    options.AddPolicy("warehouse", policy => policy.AddRequirements(new WarehouseRequirement())));
builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, WarehouseHandler>();
builder.Services.AddExceptionHandler<ProblemLogger>();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.MigrateDatabase(); // trap: start-up extension, before app.Run()

app.UseExceptionHandler();
app.UseStatusCodePages(async status =>
{
    var response = status.HttpContext.Response;
    await response.WriteAsync($"Status {response.StatusCode}");
});

app.MapControllerRoute("default", "{controller=Items}/{action=Index}/{id?}");
app.MapHealthChecks("/health/ready");

app.MapMethods("/api/items/{id:int}", new[] { "HEAD" }, (int id, InventoryDb db) =>
    db.Items.Any(i => i.Id == id) ? Results.Ok() : Results.NotFound()); // expect ND1

app.MapPost("/api/items/{id:int}/adjust", (int id, int delta, StockService stock) => stock.Adjust(id, delta))
    .AddEndpointFilter<ThrottleFilter>();

app.MapFallback(async context =>
{
    string page = Path.Combine(app.Environment.WebRootPath ?? "wwwroot", "404.html"); // trap
    context.Response.StatusCode = StatusCodes.Status404NotFound;
    await context.Response.SendFileAsync(page);
});

app.Run();
