using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FibroStore.SiteServices.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "siteservices");

            migrationBuilder.CreateTable(
                name: "audit_entries",
                schema: "siteservices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    area = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    action = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "siteservices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    parked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "site_settings",
                schema: "siteservices",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    json = table.Column<string>(type: "jsonb", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_site_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "throttle_hits",
                schema: "siteservices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_throttle_hits", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_id_at",
                schema: "siteservices",
                table: "audit_entries",
                columns: new[] { "actor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_area_at",
                schema: "siteservices",
                table: "audit_entries",
                columns: new[] { "area", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                schema: "siteservices",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_id_at",
                schema: "siteservices",
                table: "audit_entries",
                columns: new[] { "entity_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_next_attempt_at",
                schema: "siteservices",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND parked_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_parked_at",
                schema: "siteservices",
                table: "outbox_messages",
                column: "parked_at",
                filter: "parked_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_throttle_hits_key_at",
                schema: "siteservices",
                table: "throttle_hits",
                columns: new[] { "key", "at" });

            // The rows used to live in BackOffice's schema (before this module existed): copy them here. BackOffice's
            // migration MovedToSiteServices drops the old tables afterwards; the host migrates this module first.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF to_regclass('backoffice.site_settings') IS NOT NULL THEN
                        INSERT INTO siteservices.site_settings (id, json, version, updated_at, updated_by)
                        SELECT id, json, version, updated_at, updated_by FROM backoffice.site_settings;
                    END IF;
                    IF to_regclass('backoffice.audit_entries') IS NOT NULL THEN
                        INSERT INTO siteservices.audit_entries (id, at, actor_id, area, action, entity_type, entity_id, before, after)
                        SELECT id, at, actor_id, area, action, entity_type, entity_id, before, after FROM backoffice.audit_entries;
                    END IF;
                    IF to_regclass('backoffice.throttle_hits') IS NOT NULL THEN
                        INSERT INTO siteservices.throttle_hits (key, at) SELECT key, at FROM backoffice.throttle_hits;
                    END IF;
                END $$;
                """);

            // Events waiting in any module's outbox name their type; two types moved out of BackOffice.Contracts.
            migrationBuilder.Sql("""
                DO $$
                DECLARE
                    module_schema text;
                BEGIN
                    FOR module_schema IN SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_messages' LOOP
                        EXECUTE format('UPDATE %I.outbox_messages SET type = %L WHERE type = %L', module_schema,
                            'FibroStore.SiteServices.Contracts.StaffActionAudited, FibroStore.SiteServices.Contracts',
                            'FibroStore.BackOffice.Contracts.StaffActionAudited, FibroStore.BackOffice.Contracts');
                        EXECUTE format('UPDATE %I.outbox_messages SET type = %L WHERE type = %L', module_schema,
                            'FibroStore.Editorial.Contracts.InformationPageSupplied, FibroStore.Editorial.Contracts',
                            'FibroStore.BackOffice.Contracts.InformationPageSupplied, FibroStore.BackOffice.Contracts');
                    END LOOP;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries",
                schema: "siteservices");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "siteservices");

            migrationBuilder.DropTable(
                name: "site_settings",
                schema: "siteservices");

            migrationBuilder.DropTable(
                name: "throttle_hits",
                schema: "siteservices");
        }
    }
}
