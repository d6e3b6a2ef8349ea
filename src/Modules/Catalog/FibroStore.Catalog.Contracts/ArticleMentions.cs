namespace FibroStore.Catalog.Contracts;

public sealed record ArticleLink(string Title, string Url, DateTimeOffset PublishedAt);

/// <summary>
/// What a product page asks of the articles: which of them mention the product. Declared here, where it is asked, and
/// answered by Editorial, so Catalog needs nothing of Editorial (Editorial already reads Catalog's products).
/// </summary>
public interface IArticleMentions
{
    /// <summary>Published articles whose text places this product (by a [[product:slug]] short code), newest first.</summary>
    Task<IReadOnlyList<ArticleLink>> GetArticlesMentioningAsync(string productSlug, int max, CancellationToken ct);
}
