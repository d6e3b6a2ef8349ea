using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace FibroStore.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductSearchHead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_head",
                schema: "catalog",
                table: "products",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_keywords, '')), 'B') || setweight(to_tsvector('english', coalesce(summary, '')), 'B')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_search_head",
                schema: "catalog",
                table: "products",
                column: "search_head")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_products_search_head",
                schema: "catalog",
                table: "products");

            migrationBuilder.DropColumn(
                name: "search_head",
                schema: "catalog",
                table: "products");
        }
    }
}
