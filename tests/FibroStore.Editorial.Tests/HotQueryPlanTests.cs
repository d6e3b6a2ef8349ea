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
    public async Task Article_search_uses_the_full_text_and_title_trigram_indexes()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            var plan = await QueryPlans.ExplainAsync(db, new ArticleSearch(db).Query("magnezium", 20));
            QueryPlans.AssertLooksUp(plan, "ix_articles_search_vector");
            QueryPlans.AssertLooksUp(plan, "ix_articles_title");
        });
    }
}
