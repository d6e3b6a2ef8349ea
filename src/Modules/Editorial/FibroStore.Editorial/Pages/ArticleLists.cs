namespace FibroStore.Editorial.Pages;

public sealed record ArticleSummary(
    string Title,
    string Slug,
    string Excerpt,
    string? ImageUrl,
    string? ImageAlt,
    string CategoryName,
    string CategorySlug,
    DateTimeOffset PublishedAt,
    int ReadingMinutes,
    int ReplyCount)
{
    public string Url => ArticleUrls.Article(Slug);
}

public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Items, int PageNumber, int PageCount)
{
    /// <summary>The address of this page of a list at <paramref name="baseUrl"/>: page 1 has no query, later pages ?p=N.</summary>
    public string UrlOf(string baseUrl) => PageUrl(baseUrl, PageNumber);

    public static string PageUrl(string baseUrl, int pageNumber) =>
        pageNumber > 1 ? $"{baseUrl}?{ArticleLists.PageKey}={pageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : baseUrl;
}

internal static class ArticleUrls
{
    public static string Article(string slug) => $"/articles/{slug}";
    public static string Category(string slug) => $"/articles/category/{slug}";
    public static string Tag(string slug) => $"/articles/tag/{slug}";
    public static string Author(string slug) => $"/articles/author/{slug}";
    public static string CategoryFeed(string slug) => $"/articles/category/{slug}/feed.xml";

    public static string DateArchive(int year, int? month = null, int? day = null) =>
        $"/articles/archive/{year:0000}{(month is int m ? $"/{m:00}" : "")}{(month is not null && day is int d ? $"/{d:00}" : "")}";
}

internal static class ArticleLists
{
    public const int PageSize = 10;

    /// <summary>The page number's query key, as on the shop's lists ("?p=2").</summary>
    public const string PageKey = "p";

    /// <summary>Links written before the lists used <see cref="PageKey"/> still open the page they named.</summary>
    public const string OldPageKey = "page";

    public static IQueryable<Article> Live(this IQueryable<Article> articles) =>
        articles.Where(a => a.Status == ArticleStatus.Published);

    /// <summary>Articles whose main category, or one of whose other categories, is this one.</summary>
    public static IQueryable<Article> InCategory(this IQueryable<Article> articles, Guid categoryId) =>
        articles.Where(a => a.CategoryId == categoryId || a.OtherCategories.Any(c => c.Id == categoryId));

    /// <summary>Newest first, with reply counts, in one query.</summary>
    public static IQueryable<ArticleSummary> Summaries(this IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishedAt).Select(a => new ArticleSummary(
            a.Title, a.Slug, a.Excerpt, a.ImageUrl, a.ImageAlt, a.Category.Name, a.Category.Slug, a.PublishedAt!.Value,
            a.ReadingMinutes, a.Replies.Count(r => r.Status == ReplyStatus.Approved)));

    /// <summary>One page of a list, or null for a page number past the end (a 404, not an empty page).</summary>
    public static async Task<ArticlePage?> PageAsync(this IQueryable<Article> articles, int pageNumber, CancellationToken ct)
    {
        if (pageNumber < 1) return null;
        var total = await articles.CountAsync(ct);
        var pageCount = Math.Max(1, (int)Math.Ceiling(total / (double)PageSize));
        if (pageNumber > pageCount) return null;
        var items = await articles.Summaries().Skip((pageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new ArticlePage(items, pageNumber, pageCount);
    }
}
