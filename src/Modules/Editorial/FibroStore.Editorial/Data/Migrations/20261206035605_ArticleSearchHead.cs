using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace FibroStore.Editorial.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArticleSearchHead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_head",
                schema: "editorial",
                table: "articles",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(excerpt, '')), 'B')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_search_head",
                schema: "editorial",
                table: "articles",
                column: "search_head")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_search_head",
                schema: "editorial",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "search_head",
                schema: "editorial",
                table: "articles");
        }
    }
}
