using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class WebhookPayloadReduction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "payload_reduced_at",
                schema: "payments",
                table: "webhook_events",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "payload_reduced_at",
                schema: "payments",
                table: "webhook_events");
        }
    }
}
