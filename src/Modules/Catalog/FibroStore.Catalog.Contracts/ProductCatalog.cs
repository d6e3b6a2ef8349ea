namespace FibroStore.Catalog.Contracts;

/// <summary>What another module may show of a product: a live card with today's price and stock in words.</summary>
public sealed record ProductCard(
    Guid ProductId,
    string Slug,
    string Name,
    string Url,
    decimal Price,
    decimal? CompareAtPrice,
    string Currency,
    string? ImageUrl,
    string? ImageAlt,
    string Availability,
    bool CanBuy);

/// <summary>Catalog's public queries for other modules (articles show product cards; the home page the featured strip).</summary>
public interface IProductCatalog
{
    /// <summary>Cards for the active products among <paramref name="slugs"/>, in one query; unknown slugs are simply absent.</summary>
    Task<IReadOnlyDictionary<string, ProductCard>> GetCardsBySlugAsync(IReadOnlyCollection<string> slugs, CancellationToken ct);

    Task<IReadOnlyList<ProductCard>> GetFeaturedAsync(int max, CancellationToken ct);
}

/// <summary>Output-cache tags: a page that shows a product carries its tag, and Catalog evicts it on any change.</summary>
public static class CatalogCacheTags
{
    /// <summary>Carried by every shop page (listings show many products); evicted with any product change.</summary>
    public const string Catalog = "catalog";

    public static string Product(string slug) => $"product:{slug}";
}
