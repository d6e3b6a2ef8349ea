using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Ordering.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaxSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tax_settings",
                schema: "ordering",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    tax_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    tax_rate_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    tax_name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tax_settings", x => x.id);
                });

            // The tax rule used to be part of the site settings' JSON (enums written as numbers). SiteServices migrates
            // first and copies those settings into its schema; the BackOffice schema is read for a database where it did not.
            migrationBuilder.Sql("""
                DO $$
                DECLARE
                    source text := CASE
                        WHEN to_regclass('siteservices.site_settings') IS NOT NULL THEN 'siteservices.site_settings'
                        WHEN to_regclass('backoffice.site_settings') IS NOT NULL THEN 'backoffice.site_settings'
                    END;
                BEGIN
                    IF source IS NOT NULL THEN
                        EXECUTE format($sql$
                            INSERT INTO ordering.tax_settings (id, tax_mode, tax_rate_percent, tax_name, version, updated_at, updated_by)
                            SELECT 1,
                                   CASE WHEN json->>'taxMode' IN ('1', 'IncludedInPrices') THEN 'IncludedInPrices' ELSE 'None' END,
                                   coalesce((json->>'taxRatePercent')::numeric(5,2), 0),
                                   coalesce(nullif(json->>'taxName', ''), 'VAT'),
                                   1, updated_at, updated_by
                            FROM %s
                            WHERE json ? 'taxMode'
                            ON CONFLICT (id) DO NOTHING
                            $sql$, source);
                    END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tax_settings",
                schema: "ordering");
        }
    }
}
