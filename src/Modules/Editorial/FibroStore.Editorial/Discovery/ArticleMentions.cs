namespace FibroStore.Editorial.Discovery;

internal sealed class ArticleMentions(EditorialDbContext db) : IArticleMentions
{
    public async Task<IReadOnlyList<ArticleLink>> GetArticlesMentioningAsync(string productSlug, int max, CancellationToken ct)
    {
        var rows = await db.Articles.AsNoTracking().Live()
            .Where(a => a.ProductSlugs.Contains(productSlug))
            .OrderByDescending(a => a.PublishedAt).Take(max)
            .Select(a => new { a.Title, a.Slug, PublishedAt = a.PublishedAt!.Value })
            .ToListAsync(ct);
        return rows.Select(r => new ArticleLink(r.Title, ArticleUrls.Article(r.Slug), r.PublishedAt)).ToList();
    }
}
