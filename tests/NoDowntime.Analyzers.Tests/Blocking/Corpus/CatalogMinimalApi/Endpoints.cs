using System.Globalization;
using System.Text;

namespace CatalogApi;

public static class CatalogEndpoints
{
    public static IResult GetProduct(string id, ProductStore catalog, PriceCache prices, ImageResolver images)
    {
        Product? product = catalog.Find(id);
        if (product is null)
        {
            return Results.NotFound();
        }

        decimal price = prices.TryGet(id) ?? product.Price;
        return Results.Ok(product with { Price = price, ImageUrl = images.ResolveImage(product) });
    }

    public static IEndpointRouteBuilder MapCatalogAdmin(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder admin = endpoints.MapGroup("/admin/catalog");

        admin.MapPut("/prices/{id}", (string id, decimal price, PriceCache prices) =>
        {
            prices.Set(id, price);
            return Results.NoContent();
        });

        admin.MapPost("/replace", ReplaceCatalog);

        admin.MapGet("/prices/{id}/raw", (string id, PriceCache prices) =>
            prices.Raw(id) is { } bytes ? Results.Bytes(bytes) : Results.NotFound());

        admin.MapGet("/export.csv", (ProductStore catalog) =>
        {
            var csv = new StringBuilder();
            using TextWriter writer = new StringWriter(csv, CultureInfo.InvariantCulture);
            writer.WriteLine("id,name,price"); // trap: TextWriter over a StringWriter
            foreach (var p in catalog.All())
            {
                writer.WriteLine($"{p.Id},{p.Name},{p.Price}"); // trap: TextWriter over a StringWriter
            }

            writer.Flush(); // trap
            return Results.Text(csv.ToString(), "text/csv");
        });

        admin.MapGet("/snapshot/{id}", (string id, ProductStore catalog, ImageResolver images) =>
            catalog.Find(id) is { } product ? Results.Bytes(images.Snapshot(product), "application/json") : Results.NotFound());

        admin.MapDelete("/cache", async (HttpContext context) =>
        {
            var backup = Path.Combine(Path.GetTempPath(), "catalog-backup.json"); // trap
            if (File.Exists(backup)) // trap
            {
                File.Delete(backup); // trap: no async counterpart
            }

            await context.Response.WriteAsync("cleared");
        });

        return endpoints;
    }

    private static IResult ReplaceCatalog(List<Product> products, ProductStore catalog)
    {
        catalog.ReplaceAll(products);
        Thread.Sleep(50); // expect ND1
        return Results.NoContent();
    }
}
