using FibroStore.Editorial.Discovery;
using FibroStore.Editorial.Pages.Articles;
using FibroStore.TestKit;

namespace FibroStore.Editorial.Tests;

/// <summary>The article page's replies and the article search, as EF generates them, each look rows up by their index.</summary>
public sealed class HotQueryPlanTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task An_articles_replies_are_read_by_article_status_and_date()
    {
        var (busy, _) = await store.PublishAsync("A much discussed article", "Text.");
        var (quiet, _) = await store.PublishAsync("A quiet article", "Text.");
        // Enough approved replies elsewhere that reading by status and date alone would be the wrong way round.
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO editorial.replies (id, article_id, author_name, email, body, body_html, status, created_at, notify_on_reply, notify_token)
                SELECT gen_random_uuid(), CASE WHEN n % 100 = 0 THEN {quiet} ELSE {busy} END, 'Reader ' || n, 'reader@example.org',
                       'Thank you.', '<p>Thank you.</p>', 'Approved', now() - n * interval '1 minute', false, md5(random()::text || n)
                FROM generate_series(1, 3000) n
                """);
            await db.Database.ExecuteSqlRawAsync("ANALYZE editorial.replies");
            var plan = await QueryPlans.ExplainAsync(db, ArticleReader.ApprovedReplies(db, quiet));
            QueryPlans.AssertLooksUp(plan, "ix_replies_article_id_status_created_at");
        });
    }

    [Fact]
    public async Task Article_search_uses_the_full_text_title_and_excerpt_and_title_trigram_indexes()
    {
        var category = await store.GeneralCategoryAsync();
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            // Enough published articles that reading them all in date order (the status and date index) would be the
            // wrong way round: a handful of rows is cheaper to read that way than through any search index.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO editorial.articles (id, slug, title, excerpt, markdown, body_html, body_text, toc_json, "references",
                                                references_html, product_slugs, reading_minutes, category_id, author_name, author_slug,
                                                show_disclaimer, send_to_subscribers, replies_closed, status, published_at, created_at,
                                                updated_at, preview_token)
                SELECT gen_random_uuid(), 'pacing-notes-' || n, 'Pacing notes, week ' || n, 'What a week of pacing taught one reader.',
                       'Rest between tasks.', '<p>Rest between tasks.</p>', 'Rest between tasks and keep a diary of the good days.', '[]',
                       '', '', ARRAY[]::text[], 1, {category}, 'Ruth Ellison', 'ruth-ellison', false, false, false, 'Published',
                       now() - n * interval '1 hour', now(), now(), md5('pacing-notes-' || n)
                FROM generate_series(1, 3000) n
                """);
            // As autovacuum leaves it: new rows wait in a GIN index's pending list, which is read row by row, until a vacuum.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE editorial.articles");
            var plan = await QueryPlans.ExplainAsync(db, new ArticleSearch(db).Query("magnezium", 20));
            QueryPlans.AssertLooksUp(plan, "ix_articles_search_head");
            QueryPlans.AssertLooksUp(plan, "ix_articles_search_vector");
            QueryPlans.AssertLooksUp(plan, "ix_articles_title");
        });
    }
}
