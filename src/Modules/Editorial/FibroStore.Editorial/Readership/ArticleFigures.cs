using FibroStore.Editorial.Contracts;

namespace FibroStore.Editorial.Readership;

/// <summary>Dashboard figures from the per-day tallies and indexed counts; no query reads more than the days asked for.</summary>
internal sealed class ArticleFigures(EditorialDbContext db) : IArticleFigures
{
    public async Task<IReadOnlyList<ArticleViewsDay>> GetViewsAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var counted = await db.ArticleViews.AsNoTracking()
            .Where(v => v.Day >= from && v.Day < to)
            .GroupBy(v => v.Day)
            .Select(g => new { Day = g.Key, Views = g.Sum(v => v.Views) })
            .ToDictionaryAsync(d => d.Day, d => d.Views, ct);
        var days = new List<ArticleViewsDay>();
        for (var day = from; day < to; day = day.AddDays(1))
            days.Add(new ArticleViewsDay(day, counted.GetValueOrDefault(day)));
        return days;
    }

    public async Task<IReadOnlyList<ArticleCount>> GetTopByViewsAsync(DateOnly from, DateOnly to, int max, CancellationToken ct)
    {
        var top = await db.ArticleViews.AsNoTracking()
            .Where(v => v.Day >= from && v.Day < to)
            .GroupBy(v => v.ArticleId)
            .Select(g => new { ArticleId = g.Key, Count = g.Sum(v => v.Views) })
            .OrderByDescending(g => g.Count).Take(max)
            .Join(db.Articles, g => g.ArticleId, a => a.Id, (g, a) => new { a.Title, a.Slug, g.Count })
            .ToListAsync(ct);
        return top.OrderByDescending(t => t.Count).Select(t => new ArticleCount(t.Title, ArticleUrls.Article(t.Slug), t.Count)).ToList();
    }

    public async Task<IReadOnlyList<ArticleCount>> GetTopByProductClicksAsync(DateOnly from, DateOnly to, int max, CancellationToken ct)
    {
        var top = await db.ProductCardClicks.AsNoTracking()
            .Where(c => c.Day >= from && c.Day < to)
            .GroupBy(c => c.ArticleId)
            .Select(g => new { ArticleId = g.Key, Count = g.Sum(c => c.Clicks) })
            .OrderByDescending(g => g.Count).Take(max)
            .Join(db.Articles, g => g.ArticleId, a => a.Id, (g, a) => new { a.Title, a.Slug, g.Count })
            .ToListAsync(ct);
        return top.OrderByDescending(t => t.Count).Select(t => new ArticleCount(t.Title, ArticleUrls.Article(t.Slug), t.Count)).ToList();
    }

    public Task<int> CountNewRepliesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.Replies.CountAsync(r => (r.Status == ReplyStatus.Pending || r.Status == ReplyStatus.Approved) && r.CreatedAt >= from && r.CreatedAt < to, ct);

    public Task<int> CountRepliesAwaitingModerationAsync(CancellationToken ct) =>
        db.Replies.CountAsync(r => r.Status == ReplyStatus.Pending, ct);

    public Task<int> CountScheduledAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.Articles.CountAsync(a => a.Status == ArticleStatus.Scheduled && a.PublishAt >= from && a.PublishAt < to, ct);
}
