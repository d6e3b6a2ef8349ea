using System.Text.Json;

namespace FibroStore.Editorial.Pages.Articles;

public sealed record ArticleView(
    Guid Id,
    string Slug,
    string Title,
    string Excerpt,
    string? SeoTitle,
    string? SeoDescription,
    string? ImageUrl,
    string? ImageAlt,
    string CategoryName,
    string CategorySlug,
    IReadOnlyList<(string Name, string Slug)> OtherCategories,
    IReadOnlyList<(string Name, string Slug)> Tags,
    string AuthorName,
    string AuthorSlug,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    DateOnly? LastReviewedOn,
    string? ReviewedBy,
    int ReadingMinutes,
    string BodyHtml,
    IReadOnlyList<(int Level, string Id, string Text)> Toc,
    string ReferencesHtml,
    bool ShowDisclaimer,
    bool RepliesClosed,
    bool IsLive,
    IReadOnlyDictionary<string, ProductCard> Products)
{
    public string Url => ArticleUrls.Article(Slug);

    public IEnumerable<(string Html, string? ProductSlug)> Segments => ArticleRenderer.Segments(BodyHtml);
}

public sealed record ReplyNode(Guid Id, string AuthorName, string? Website, string BodyHtml, DateTimeOffset CreatedAt, List<ReplyNode> Children);

public sealed record Neighbour(string Title, string Slug)
{
    public string Url => ArticleUrls.Article(Slug);
}

internal static class ArticleReader
{
    /// <summary>One article with what surrounds it, in a fixed number of queries whatever its replies or cards.</summary>
    public static async Task<ArticleView?> ReadAsync(ProductSlots products, IQueryable<Article> source, CancellationToken ct)
    {
        var row = await source.AsNoTracking().Select(a => new
        {
            a.Id, a.Slug, a.Title, a.Excerpt, a.SeoTitle, a.SeoDescription, a.ImageUrl, a.ImageAlt,
            CategoryName = a.Category.Name, CategorySlug = a.Category.Slug,
            OtherCategories = a.OtherCategories.OrderBy(c => c.Name).Select(c => new { c.Name, c.Slug }).ToList(),
            Tags = a.Tags.OrderBy(t => t.Name).Select(t => new { t.Name, t.Slug }).ToList(),
            a.AuthorName, a.AuthorSlug, a.PublishedAt, a.UpdatedAt, a.LastReviewedOn, a.ReviewedBy, a.ReadingMinutes,
            a.BodyHtml, a.TocJson, a.ReferencesHtml, a.ShowDisclaimer, a.RepliesClosed, a.Status, a.ProductSlugs,
        }).SingleOrDefaultAsync(ct);
        if (row is null) return null;

        var cards = await products.CardsAsync(row.ProductSlugs, ct);
        var toc = JsonSerializer.Deserialize<List<TocEntry>>(row.TocJson) ?? [];
        return new ArticleView(row.Id, row.Slug, row.Title, row.Excerpt, row.SeoTitle, row.SeoDescription, row.ImageUrl, row.ImageAlt,
            row.CategoryName, row.CategorySlug, row.OtherCategories.Select(c => (c.Name, c.Slug)).ToList(), row.Tags.Select(t => (t.Name, t.Slug)).ToList(), row.AuthorName, row.AuthorSlug,
            row.PublishedAt, row.UpdatedAt, row.LastReviewedOn, row.ReviewedBy, row.ReadingMinutes, row.BodyHtml,
            toc.Select(t => (t.Level, t.Id, t.Text)).ToList(), row.ReferencesHtml, row.ShowDisclaimer, row.RepliesClosed,
            row.Status == ArticleStatus.Published, cards);
    }

    internal sealed record ReplyRow(Guid Id, Guid? ParentId, string AuthorName, string? Website, string BodyHtml, DateTimeOffset CreatedAt);

    /// <summary>An article's approved replies, oldest first: the article page's reply query.</summary>
    internal static IQueryable<ReplyRow> ApprovedReplies(EditorialDbContext db, Guid articleId) =>
        db.Replies.AsNoTracking()
            .Where(r => r.ArticleId == articleId && r.Status == ReplyStatus.Approved)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new ReplyRow(r.Id, r.ParentId, r.AuthorName, r.Website, r.BodyHtml, r.CreatedAt));

    /// <summary>Approved replies as a tree, oldest first at every level.</summary>
    public static async Task<IReadOnlyList<ReplyNode>> RepliesAsync(EditorialDbContext db, Guid articleId, CancellationToken ct)
    {
        var rows = await ApprovedReplies(db, articleId).ToListAsync(ct);
        var nodes = rows.ToDictionary(r => r.Id, r => new ReplyNode(r.Id, r.AuthorName, r.Website, r.BodyHtml, r.CreatedAt, []));
        var roots = new List<ReplyNode>();
        foreach (var r in rows)
        {
            // A reply whose parent is not shown (still waiting, or removed) stands at the top level.
            if (r.ParentId is Guid parent && nodes.TryGetValue(parent, out var parentNode))
                parentNode.Children.Add(nodes[r.Id]);
            else
                roots.Add(nodes[r.Id]);
        }
        return roots;
    }
}
