using Microsoft.EntityFrameworkCore;
using OrdersApi;
using OrdersApi.Data;
using OrdersApi.Services;
using OrdersApi.Tools;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers(options => options.Filters.Add<AuditFilter>());
builder.Services.AddDbContext<OrdersDb>(options => options.UseSqlite(builder.Configuration.GetConnectionString("Orders")));
builder.Services.AddScoped<IOrderRepository, EfOrderRepository>();
builder.Services.AddScoped<IInvoiceQueries, SqlInvoiceQueries>();
builder.Services.AddScoped<IOrderService, OrderService>();
builder.Services.AddSingleton<PricingRules>();
builder.Services.AddHttpClient<ShippingClient>(client =>
    client.BaseAddress = new Uri(builder.Configuration["Shipping:BaseUrl"] ?? "http://shipping"));
builder.Services.AddSingleton(_ => new CountryList(
    File.ReadAllLines(Path.Combine(builder.Environment.ContentRootPath, "countries.txt")))); // trap: DI factory, start-up configuration

var app = builder.Build();

if (args.Contains("--seed"))
{
    SeedTool.Run(app.Services); // trap: the seeding tool runs instead of the web host
    return;
}

using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            db.Database.Migrate(); // trap: start-up migration before app.Run()
            break;
        }
        catch (Exception) when (attempt < 5)
        {
            Thread.Sleep(TimeSpan.FromSeconds(2)); // trap: start-up retry
        }
    }

    DataInitializer.WarmUpAsync(db).Wait(); // trap: start-up
}

// Give the load balancer time to take the pod out of rotation before the host stops.
app.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(TimeSpan.FromSeconds(5))); // trap: shutdown hook, not a request

app.MapControllers();
app.Run();

public sealed record CountryList(IReadOnlyList<string> Codes);
