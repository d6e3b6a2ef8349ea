using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FibroStore.Editorial.Readership;

/// <summary>
/// Article views and product-card clicks tallied in memory and written in batches by <see cref="ReadershipFlusher"/>,
/// so a page view costs no database write of its own. A crash loses at most the last few seconds of counts, which is
/// acceptable for figures staff read as trends. Each instance flushes its own tallies with additive upserts, so any
/// number of instances add up correctly.
/// </summary>
internal sealed class ReadershipCounter(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<(string Slug, DateOnly Day), long> views = new();
    private readonly ConcurrentDictionary<(Guid ArticleId, string ProductSlug, DateOnly Day), long> clicks = new();

    public void CountView(string articleSlug, DateOnly day) => views.AddOrUpdate((articleSlug, day), 1, (_, n) => n + 1);

    public void CountProductClick(Guid articleId, string productSlug, DateOnly day) =>
        clicks.AddOrUpdate((articleId, productSlug, day), 1, (_, n) => n + 1);

    /// <summary>Writes everything tallied so far. Counts that cannot be written are kept for the next flush.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        // TryRemove takes each tally atomically: a view counted meanwhile starts a new tally instead of being lost.
        var viewBatch = Take(views);
        var clickBatch = Take(clicks);
        if (viewBatch.Count == 0 && clickBatch.Count == 0) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EditorialDbContext>();
            if (viewBatch.Count > 0)
                await WriteViewsAsync(db, viewBatch, ct);
            if (clickBatch.Count > 0)
                await WriteClicksAsync(db, clickBatch, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            foreach (var (key, n) in viewBatch) views.AddOrUpdate(key, n, (_, m) => m + n);
            foreach (var (key, n) in clickBatch) clicks.AddOrUpdate(key, n, (_, m) => m + n);
            throw;
        }
    }

    private static List<(TKey Key, long Count)> Take<TKey>(ConcurrentDictionary<TKey, long> tallies) where TKey : notnull
    {
        var taken = new List<(TKey, long)>();
        foreach (var key in tallies.Keys)
            if (tallies.TryRemove(key, out var n))
                taken.Add((key, n));
        return taken;
    }

    // Slugs are resolved to articles in the same statement; a path that is no live article's slug counts nothing.
    private static Task WriteViewsAsync(EditorialDbContext db, List<((string Slug, DateOnly Day) Key, long Count)> batch, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO editorial.article_views (article_id, day, views)
            SELECT a.id, v.day, v.views
            FROM unnest(@slugs, @days, @counts) AS v(slug, day, views)
            JOIN editorial.articles a ON a.slug = v.slug AND a.status = 'Published'
            ON CONFLICT (article_id, day) DO UPDATE SET views = article_views.views + excluded.views
            """,
            [
                new NpgsqlParameter("slugs", batch.Select(b => b.Key.Slug).ToArray()),
                new NpgsqlParameter("days", batch.Select(b => b.Key.Day).ToArray()),
                new NpgsqlParameter("counts", batch.Select(b => b.Count).ToArray()),
            ], ct);

    private static Task WriteClicksAsync(EditorialDbContext db, List<((Guid ArticleId, string ProductSlug, DateOnly Day) Key, long Count)> batch, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO editorial.product_card_clicks (article_id, product_slug, day, clicks)
            SELECT a.id, v.product_slug, v.day, v.clicks
            FROM unnest(@articles, @products, @days, @counts) AS v(article_id, product_slug, day, clicks)
            JOIN editorial.articles a ON a.id = v.article_id
            ON CONFLICT (article_id, product_slug, day) DO UPDATE SET clicks = product_card_clicks.clicks + excluded.clicks
            """,
            [
                new NpgsqlParameter("articles", batch.Select(b => b.Key.ArticleId).ToArray()),
                new NpgsqlParameter("products", batch.Select(b => b.Key.ProductSlug).ToArray()),
                new NpgsqlParameter("days", batch.Select(b => b.Key.Day).ToArray()),
                new NpgsqlParameter("counts", batch.Select(b => b.Count).ToArray()),
            ], ct);
}
