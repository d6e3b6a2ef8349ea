using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class FeaturedProductsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_products_featured",
                schema: "catalog",
                table: "products",
                columns: new[] { "updated_at", "id" },
                descending: new[] { true, false },
                filter: "is_featured AND status = 'Active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_products_featured",
                schema: "catalog",
                table: "products");
        }
    }
}
