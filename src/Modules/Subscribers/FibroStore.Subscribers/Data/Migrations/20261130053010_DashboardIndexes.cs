using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Subscribers.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_subscriber_events_what_at",
                schema: "subscribers",
                table: "subscriber_events",
                columns: new[] { "what", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_subscriber_events_what_at",
                schema: "subscribers",
                table: "subscriber_events");
        }
    }
}
