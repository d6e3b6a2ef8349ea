using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Ordering.Data.Migrations
{
    /// <inheritdoc />
    public partial class CartCheckoutStarted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "checkout_started_at",
                schema: "ordering",
                table: "carts",
                type: "timestamp with time zone",
                nullable: true);

            // Carts that already started checkout keep closing their earlier payment page when they start again.
            migrationBuilder.Sql("""
                UPDATE ordering.carts c SET checkout_started_at = s.started
                FROM (SELECT cart_id, max(created_at) AS started FROM ordering.checkouts GROUP BY cart_id) s
                WHERE s.cart_id = c.id
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "checkout_started_at",
                schema: "ordering",
                table: "carts");
        }
    }
}
