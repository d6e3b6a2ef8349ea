using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FibroStore.SiteServices.Data.Migrations
{
    /// <inheritdoc />
    public partial class ThrottleCountsPerSlice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "throttle_counts",
                schema: "siteservices",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    slice_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    last_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_throttle_counts", x => new { x.key, x.slice_start });
                });

            // Every attempt counted so far stays counted, exactly as long as before: each becomes a slice of its own
            // that starts and ends at the attempt's time.
            migrationBuilder.Sql("""
                INSERT INTO siteservices.throttle_counts (key, slice_start, count, last_at)
                SELECT key, at, count(*), at FROM siteservices.throttle_hits GROUP BY key, at;
                """);

            migrationBuilder.DropTable(
                name: "throttle_hits",
                schema: "siteservices");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "throttle_hits",
                schema: "siteservices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_throttle_hits", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_throttle_hits_key_at",
                schema: "siteservices",
                table: "throttle_hits",
                columns: new[] { "key", "at" });

            // One attempt at its slice's latest time for each one counted in it.
            migrationBuilder.Sql("""
                INSERT INTO siteservices.throttle_hits (key, at)
                SELECT key, last_at FROM siteservices.throttle_counts, generate_series(1, count);
                """);

            migrationBuilder.DropTable(
                name: "throttle_counts",
                schema: "siteservices");
        }
    }
}
