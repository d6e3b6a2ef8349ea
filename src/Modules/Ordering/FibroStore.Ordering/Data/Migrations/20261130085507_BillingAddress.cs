using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Ordering.Data.Migrations
{
    /// <inheritdoc />
    public partial class BillingAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "billing_address",
                schema: "ordering",
                table: "orders",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "billing_address",
                schema: "ordering",
                table: "orders");
        }
    }
}
