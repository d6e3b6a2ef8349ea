using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductBrand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "brand",
                schema: "catalog",
                table: "products",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "brand",
                schema: "catalog",
                table: "products");
        }
    }
}
