using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Editorial.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReadershipCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "article_views",
                schema: "editorial",
                columns: table => new
                {
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    views = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_views", x => new { x.article_id, x.day });
                });

            migrationBuilder.CreateTable(
                name: "product_card_clicks",
                schema: "editorial",
                columns: table => new
                {
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    clicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_card_clicks", x => new { x.article_id, x.product_slug, x.day });
                });

            migrationBuilder.CreateIndex(
                name: "ix_article_views_day_article_id",
                schema: "editorial",
                table: "article_views",
                columns: new[] { "day", "article_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "views" });

            migrationBuilder.CreateIndex(
                name: "ix_product_card_clicks_day_article_id",
                schema: "editorial",
                table: "product_card_clicks",
                columns: new[] { "day", "article_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "clicks" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "article_views",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "product_card_clicks",
                schema: "editorial");
        }
    }
}
