using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.BackOffice.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_id_at",
                schema: "backoffice",
                table: "audit_entries",
                columns: new[] { "actor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_id_at",
                schema: "backoffice",
                table: "audit_entries",
                columns: new[] { "entity_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_actor_id_at",
                schema: "backoffice",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_entity_id_at",
                schema: "backoffice",
                table: "audit_entries");
        }
    }
}
