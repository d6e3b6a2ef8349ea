using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Ordering.Data.Migrations
{
    /// <inheritdoc />
    public partial class CheckoutLimitsDiscountHoldsAndPaymentChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "reserved",
                schema: "ordering",
                table: "discount_codes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "client_key",
                schema: "ordering",
                table: "checkouts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "discount_held",
                schema: "ordering",
                table: "checkouts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "problem",
                schema: "ordering",
                table: "checkouts",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "problem_at",
                schema: "ordering",
                table: "checkouts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "problem_refund_id",
                schema: "ordering",
                table: "checkouts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "units",
                schema: "ordering",
                table: "checkouts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_checkouts_client_key_status",
                schema: "ordering",
                table: "checkouts",
                columns: new[] { "client_key", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_checkouts_discount_code_id",
                schema: "ordering",
                table: "checkouts",
                column: "discount_code_id",
                filter: "discount_held");

            migrationBuilder.CreateIndex(
                name: "ix_checkouts_expires_at",
                schema: "ordering",
                table: "checkouts",
                column: "expires_at",
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_checkouts_problem_at",
                schema: "ordering",
                table: "checkouts",
                column: "problem_at",
                filter: "problem_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_checkouts_client_key_status",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropIndex(
                name: "ix_checkouts_discount_code_id",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropIndex(
                name: "ix_checkouts_expires_at",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropIndex(
                name: "ix_checkouts_problem_at",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropColumn(
                name: "reserved",
                schema: "ordering",
                table: "discount_codes");

            migrationBuilder.DropColumn(
                name: "client_key",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropColumn(
                name: "discount_held",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropColumn(
                name: "problem",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropColumn(
                name: "problem_at",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropColumn(
                name: "problem_refund_id",
                schema: "ordering",
                table: "checkouts");

            migrationBuilder.DropColumn(
                name: "units",
                schema: "ordering",
                table: "checkouts");
        }
    }
}
