using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace NoDowntime.SampleService.Data.Migrations;

/// <summary>
/// The first schema, written to run on both providers: column types come from each provider's mapping of the
/// CLR type, and each provider reads only its own identity annotation. Apply with the <c>migrate</c> command.
/// </summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("20261129000000_InitialCreate")]
public sealed class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Products",
            columns: table => new
            {
                Sku = table.Column<string>(maxLength: 32, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                PriceCents = table.Column<long>(nullable: false),
                Description = table.Column<string>(maxLength: 4000, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Products", x => x.Sku));

        migrationBuilder.CreateTable(
            name: "Orders",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                CustomerId = table.Column<string>(maxLength: 64, nullable: false),
                Sku = table.Column<string>(maxLength: 32, nullable: false),
                Quantity = table.Column<int>(nullable: false),
                TotalCents = table.Column<long>(nullable: false),
                Status = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Orders", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_Orders_CustomerId_Id", table: "Orders", columns: ["CustomerId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_Orders_Status_CreatedAt", table: "Orders", columns: ["Status", "CreatedAt"]);

        // Seed rows as plain SQL that both providers accept (InsertData would need a provider-specific snapshot).
        migrationBuilder.Sql(
            """
            INSERT INTO "Products" ("Sku", "Name", "PriceCents", "Description") VALUES
              ('SKU-001', 'Espresso beans 1 kg', 2450, 'Dark roast, whole beans.'),
              ('SKU-002', 'Filter coffee 500 g', 1190, 'Medium roast, ground for filter.'),
              ('SKU-003', 'Ceramic cup', 890, 'Dishwasher safe, 200 ml.'),
              ('SKU-004', 'Hand grinder', 5900, 'Conical burrs, 40 settings.'),
              ('SKU-005', 'Milk jug', 1500, 'Stainless steel, 350 ml.');
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Orders");
        migrationBuilder.DropTable(name: "Products");
    }
}
