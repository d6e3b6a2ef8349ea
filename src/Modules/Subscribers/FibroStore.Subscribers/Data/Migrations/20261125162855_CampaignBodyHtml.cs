using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Subscribers.Data.Migrations
{
    /// <inheritdoc />
    public partial class CampaignBodyHtml : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "body_html",
                schema: "subscribers",
                table: "campaigns",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "body_html",
                schema: "subscribers",
                table: "campaigns");
        }
    }
}
