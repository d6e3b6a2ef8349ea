using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductRedirects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "redirects",
                schema: "catalog",
                columns: table => new
                {
                    from_path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: true),
                    category_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_redirects", x => x.from_path);
                    table.CheckConstraint("ck_redirects_one_target", "(product_id IS NULL) <> (category_id IS NULL)");
                    table.ForeignKey(
                        name: "fk_redirects_categories_category_id",
                        column: x => x.category_id,
                        principalSchema: "catalog",
                        principalTable: "categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_redirects_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "catalog",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_redirects_category_id",
                schema: "catalog",
                table: "redirects",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_redirects_product_id",
                schema: "catalog",
                table: "redirects",
                column: "product_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "redirects",
                schema: "catalog");
        }
    }
}
