using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace FibroStore.Editorial.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            migrationBuilder.EnsureSchema(
                name: "editorial");

            migrationBuilder.CreateTable(
                name: "blocked_terms",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    term = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blocked_terms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "categories",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    description = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_categories", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tags", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "articles",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    excerpt = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    markdown = table.Column<string>(type: "text", nullable: false),
                    body_html = table.Column<string>(type: "text", nullable: false),
                    body_text = table.Column<string>(type: "text", nullable: false),
                    toc_json = table.Column<string>(type: "jsonb", nullable: false),
                    references = table.Column<string>(type: "text", nullable: false),
                    references_html = table.Column<string>(type: "text", nullable: false),
                    product_slugs = table.Column<string[]>(type: "text[]", nullable: false),
                    reading_minutes = table.Column<int>(type: "integer", nullable: false),
                    seo_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    seo_description = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    image_url = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    image_alt = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    category_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    author_slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    last_reviewed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    reviewed_by = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    show_disclaimer = table.Column<bool>(type: "boolean", nullable: false),
                    send_to_subscribers = table.Column<bool>(type: "boolean", nullable: false),
                    replies_closed = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    publish_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    preview_token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    import_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(excerpt, '')), 'B') || setweight(to_tsvector('english', coalesce(body_text, '')), 'C')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_articles", x => x.id);
                    table.ForeignKey(
                        name: "fk_articles_categories_category_id",
                        column: x => x.category_id,
                        principalSchema: "editorial",
                        principalTable: "categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

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

            migrationBuilder.CreateTable(
                name: "article_revisions",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    saved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    saved_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    excerpt = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    markdown = table.Column<string>(type: "text", nullable: false),
                    references = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_article_revisions_articles_article_id",
                        column: x => x.article_id,
                        principalSchema: "editorial",
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "article_tags",
                schema: "editorial",
                columns: table => new
                {
                    articles_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tags_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_tags", x => new { x.articles_id, x.tags_id });
                    table.ForeignKey(
                        name: "fk_article_tags_articles_articles_id",
                        column: x => x.articles_id,
                        principalSchema: "editorial",
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_article_tags_tags_tags_id",
                        column: x => x.tags_id,
                        principalSchema: "editorial",
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "replies",
                schema: "editorial",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    website = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    body_html = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    notify_on_reply = table.Column<bool>(type: "boolean", nullable: false),
                    notify_token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    import_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replies", x => x.id);
                    table.ForeignKey(
                        name: "fk_replies_articles_article_id",
                        column: x => x.article_id,
                        principalSchema: "editorial",
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_replies_replies_parent_id",
                        column: x => x.parent_id,
                        principalSchema: "editorial",
                        principalTable: "replies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_article_redirects_article_id",
                schema: "editorial",
                table: "article_redirects",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_article_revisions_article_id_number",
                schema: "editorial",
                table: "article_revisions",
                columns: new[] { "article_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_article_tags_tags_id",
                schema: "editorial",
                table: "article_tags",
                column: "tags_id");

            migrationBuilder.CreateIndex(
                name: "ix_articles_category_id",
                schema: "editorial",
                table: "articles",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_articles_import_key",
                schema: "editorial",
                table: "articles",
                column: "import_key",
                unique: true,
                filter: "import_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_articles_preview_token",
                schema: "editorial",
                table: "articles",
                column: "preview_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_product_slugs",
                schema: "editorial",
                table: "articles",
                column: "product_slugs")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_articles_publish_at",
                schema: "editorial",
                table: "articles",
                column: "publish_at",
                filter: "status = 'Scheduled'");

            migrationBuilder.CreateIndex(
                name: "ix_articles_search_vector",
                schema: "editorial",
                table: "articles",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_articles_slug",
                schema: "editorial",
                table: "articles",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_status_published_at",
                schema: "editorial",
                table: "articles",
                columns: new[] { "status", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_articles_title",
                schema: "editorial",
                table: "articles",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_blocked_terms_term",
                schema: "editorial",
                table: "blocked_terms",
                column: "term",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_categories_slug",
                schema: "editorial",
                table: "categories",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_next_attempt_at",
                schema: "editorial",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_replies_article_id_status_created_at",
                schema: "editorial",
                table: "replies",
                columns: new[] { "article_id", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_replies_import_key",
                schema: "editorial",
                table: "replies",
                column: "import_key",
                unique: true,
                filter: "import_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_replies_notify_token",
                schema: "editorial",
                table: "replies",
                column: "notify_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_replies_parent_id",
                schema: "editorial",
                table: "replies",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_replies_status_created_at",
                schema: "editorial",
                table: "replies",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_replies_user_id",
                schema: "editorial",
                table: "replies",
                column: "user_id",
                filter: "user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tags_slug",
                schema: "editorial",
                table: "tags",
                column: "slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "article_redirects",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "article_revisions",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "article_tags",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "blocked_terms",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "replies",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "tags",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "articles",
                schema: "editorial");

            migrationBuilder.DropTable(
                name: "categories",
                schema: "editorial");
        }
    }
}
