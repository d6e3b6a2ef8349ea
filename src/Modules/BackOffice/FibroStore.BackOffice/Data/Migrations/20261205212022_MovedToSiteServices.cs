using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FibroStore.BackOffice.Data.Migrations
{
    /// <inheritdoc />
    public partial class MovedToSiteServices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SiteServices' first migration copies these rows; dropping them before it ran would lose them.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF to_regclass('siteservices.site_settings') IS NULL THEN
                        RAISE EXCEPTION 'Migrate SiteServices before BackOffice: its first migration copies the settings, audit and throttle rows out of the backoffice schema.';
                    END IF;
                END $$;
                """);

            migrationBuilder.DropTable(
                name: "audit_entries",
                schema: "backoffice");

            migrationBuilder.DropTable(
                name: "site_settings",
                schema: "backoffice");

            migrationBuilder.DropTable(
                name: "throttle_hits",
                schema: "backoffice");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                schema: "backoffice",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    after = table.Column<string>(type: "jsonb", nullable: true),
                    area = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    entity_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "site_settings",
                schema: "backoffice",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    json = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_site_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "throttle_hits",
                schema: "backoffice",
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
                name: "ix_audit_entries_actor_id_at",
                schema: "backoffice",
                table: "audit_entries",
                columns: new[] { "actor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_area_at",
                schema: "backoffice",
                table: "audit_entries",
                columns: new[] { "area", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                schema: "backoffice",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_id_at",
                schema: "backoffice",
                table: "audit_entries",
                columns: new[] { "entity_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_throttle_hits_key_at",
                schema: "backoffice",
                table: "throttle_hits",
                columns: new[] { "key", "at" });
        }
    }
}
