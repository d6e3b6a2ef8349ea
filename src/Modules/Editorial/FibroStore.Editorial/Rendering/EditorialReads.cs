using FibroStore.Editorial.Pages.Articles;

namespace FibroStore.Editorial.Rendering;

/// <summary>
/// Editorial reads that are the same for every reader (the home page's newest articles, an article's related
/// articles and its previous and next), kept in <see cref="ReadResultCache"/> under <see cref="EditorialCache.Indexes"/>:
/// an article written, published or withdrawn, or a reply shown or hidden, evicts them, as it evicts the cached lists.
/// A signed-in reader's page then reads only what is the article's own.
/// </summary>
internal sealed class EditorialReads(ReadResultCache results)
{
    private sealed record NewestKey(int Count);
    private sealed record AroundKey(Guid ArticleId);

    /// <summary>An article's related articles and its neighbours in publishing order.</summary>
    public sealed record Around(IReadOnlyList<ArticleSummary> Related, Neighbour? Previous, Neighbour? Next);

    public Task<IReadOnlyList<ArticleSummary>> NewestAsync(int count, Func<CancellationToken, Task<IReadOnlyList<ArticleSummary>>> read, CancellationToken ct) =>
        results.GetOrReadAsync(EditorialCache.Indexes, new NewestKey(count), read, s => s.Sum(Bytes), ct);

    public Task<Around> AroundAsync(Guid articleId, Func<CancellationToken, Task<Around>> read, CancellationToken ct) =>
        results.GetOrReadAsync(EditorialCache.Indexes, new AroundKey(articleId), read,
            a => a.Related.Sum(Bytes) + Bytes(a.Previous) + Bytes(a.Next), ct);

    private static long Bytes(ArticleSummary s) =>
        200 + 2L * (s.Title.Length + s.Slug.Length + s.Excerpt.Length + (s.ImageUrl?.Length ?? 0) + (s.ImageAlt?.Length ?? 0)
            + s.CategoryName.Length + s.CategorySlug.Length);

    private static long Bytes(Neighbour? n) => n is null ? 0 : 64 + 2L * (n.Title.Length + n.Slug.Length);
}
