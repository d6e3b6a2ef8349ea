using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Editorial.Data.Migrations
{
    /// <inheritdoc />
    public partial class RedirectHitsAndNotFoundLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "hits",
                schema: "editorial",
                table: "redirects",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_hit_at",
                schema: "editorial",
                table: "redirects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "not_found_paths",
                schema: "editorial",
                columns: table => new
                {
                    path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    hits = table.Column<long>(type: "bigint", nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_not_found_paths", x => x.path);
                });

            migrationBuilder.CreateIndex(
                name: "ix_not_found_paths_last_seen_at",
                schema: "editorial",
                table: "not_found_paths",
                column: "last_seen_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "not_found_paths",
                schema: "editorial");

            migrationBuilder.DropColumn(
                name: "hits",
                schema: "editorial",
                table: "redirects");

            migrationBuilder.DropColumn(
                name: "last_hit_at",
                schema: "editorial",
                table: "redirects");
        }
    }
}
