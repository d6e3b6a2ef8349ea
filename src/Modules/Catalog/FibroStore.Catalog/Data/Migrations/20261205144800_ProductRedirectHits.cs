using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductRedirectHits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "hits",
                schema: "catalog",
                table: "redirects",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_hit_at",
                schema: "catalog",
                table: "redirects",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "hits",
                schema: "catalog",
                table: "redirects");

            migrationBuilder.DropColumn(
                name: "last_hit_at",
                schema: "catalog",
                table: "redirects");
        }
    }
}
