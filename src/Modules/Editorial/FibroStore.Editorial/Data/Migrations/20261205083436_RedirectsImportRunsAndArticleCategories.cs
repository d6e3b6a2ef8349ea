using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FibroStore.Editorial.Data.Migrations
{
    /// <inheritdoc />
    public partial class RedirectsImportRunsAndArticleCategories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "import_source_hash",
                schema: "editorial",
                table: "articles",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "import_synced_at",
                schema: "editorial",
                table: "articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "article_categories",
                schema: "editorial",
                columns: table => new
                {
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_categories", x => new { x.article_id, x.category_id });
                    table.ForeignKey(
                        name: "fk_article_categories_articles_article_id",
                        column: x => x.article_id,
                        principalSchema: "editorial",
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_article_categories_categories_category_id",
                        column: x => x.category_id,
                        principalSchema: "editorial",
                        principalTable: "categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "import_runs",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    site_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    summary_json = table.Column<string>(type: "jsonb", nullable: false),
                    report_json = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "imported_pages",
                schema: "editorial",
                columns: table => new
                {
                    import_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    source_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    synced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_imported_pages", x => x.import_key);
                });

            migrationBuilder.CreateTable(
                name: "redirects",
                schema: "editorial",
                columns: table => new
                {
                    from_path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target_path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_redirects", x => x.from_path);
                    table.ForeignKey(
                        name: "fk_redirects_articles_article_id",
                        column: x => x.article_id,
                        principalSchema: "editorial",
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_article_categories_category_id",
                schema: "editorial",
                table: "article_categories",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_import_runs_started_at",
                schema: "editorial",
                table: "import_runs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_redirects_article_id",
                schema: "editorial",
                table: "redirects",
                column: "article_id",
                filter: "article_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_redirects_source_from_path",
                schema: "editorial",
                table: "redirects",
                columns: new[] { "source", "from_path" });

            // Old addresses kept so far (slug changes and the first WordPress import) move to the one redirects table.
            migrationBuilder.Sql("""
                INSERT INTO editorial.redirects (from_path, article_id, target_path, source, created_at, updated_at)
                SELECT from_path, article_id, NULL,
                       CASE WHEN from_path LIKE '/articles/%' THEN 'article-slug' ELSE 'wordpress-post' END, now(), now()
                FROM editorial.article_redirects
                """);

            migrationBuilder.DropTable(
                name: "article_redirects",
                schema: "editorial");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "article_categories",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "import_runs",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "imported_pages",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "redirects",
                schema: "editorial");

            migrationBuilder.DropColumn(
                name: "import_source_hash",
                schema: "editorial",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "import_synced_at",
                schema: "editorial",
                table: "articles");

            migrationBuilder.CreateTable(
                name: "article_redirects",
                schema: "editorial",
                columns: table => new
                {
                    from_path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_redirects", x => x.from_path);
                    table.ForeignKey(
                        name: "fk_article_redirects_articles_article_id",
                        column: x => x.article_id,
                        principalSchema: "editorial",
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_article_redirects_article_id",
                schema: "editorial",
                table: "article_redirects",
                column: "article_id");
        }
    }
}
