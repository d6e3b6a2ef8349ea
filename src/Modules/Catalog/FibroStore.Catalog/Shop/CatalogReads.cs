using FibroStore.Catalog.Pages.Shop;
using FibroStore.SharedKernel.Clustering;

namespace FibroStore.Catalog.Shop;

/// <summary>
/// Catalog reads that are the same for every shopper and cost a walk over a whole category (a listing's count, a
/// product's best sellers) or are asked for on every page of another module (the home page's featured strip, the cards
/// in an article), kept in <see cref="ReadResultCache"/> under <see cref="CatalogCacheTags.Catalog"/>: every
/// product, stock or category change evicts them, as it evicts the cached shop pages. A signed-in shopper's page then
/// costs what it costs at any catalog size.
/// </summary>
internal sealed class CatalogReads(ReadResultCache results)
{
    private sealed record RelatedKey(Guid ProductId);
    private sealed record CardsKey(string Slugs);
    private sealed record FeaturedKey(int Max);
    private sealed record CategoryTreeKey;
    private static readonly CategoryTreeKey TreeKey = new();

    public Task<ShopResult?> ShopAsync(ShopQuery query, Func<CancellationToken, Task<ShopResult?>> read, CancellationToken ct) =>
        results.GetOrReadAsync(CatalogCacheTags.Catalog, query, read,
            r => r is null ? 64 : r.Cards.Sum(Bytes) + r.Categories.Sum(c => 96 + 2L * (c.Name.Length + c.Slug.Length + c.Url.Length))
                + 2L * (r.CategoryDescription?.Length ?? 0), ct);

    public Task<IReadOnlyList<ProductCard>> RelatedAsync(Guid productId, Func<CancellationToken, Task<IReadOnlyList<ProductCard>>> read, CancellationToken ct) =>
        results.GetOrReadAsync(CatalogCacheTags.Catalog, new RelatedKey(productId), read, cards => cards.Sum(Bytes), ct);

    /// <summary>The cards of the products an article names, by slug (the slugs in any order).</summary>
    public Task<IReadOnlyDictionary<string, ProductCard>> CardsBySlugAsync(IReadOnlyCollection<string> slugs,
        Func<CancellationToken, Task<IReadOnlyDictionary<string, ProductCard>>> read, CancellationToken ct) =>
        results.GetOrReadAsync(CatalogCacheTags.Catalog, new CardsKey(string.Join('\n', slugs.Order(StringComparer.Ordinal))), read,
            cards => cards.Values.Sum(Bytes), ct);

    /// <summary>The home page's featured strip.</summary>
    public Task<IReadOnlyList<ProductCard>> FeaturedAsync(int max, Func<CancellationToken, Task<IReadOnlyList<ProductCard>>> read, CancellationToken ct) =>
        results.GetOrReadAsync(CatalogCacheTags.Catalog, new FeaturedKey(max), read, cards => cards.Sum(Bytes), ct);

    public Task<CategoryTree> CategoryTreeAsync(CatalogDbContext db, CancellationToken ct) =>
        results.GetOrReadAsync(CatalogCacheTags.Catalog, TreeKey, c => CategoryTree.LoadAsync(db, c),
            tree => tree.All.Sum(n => 160 + 2L * (n.Name.Length + n.Slug.Length + n.Description.Length)), ct);

    private static long Bytes(ProductCard card) =>
        160 + 2L * (card.Slug.Length + card.Name.Length + card.Url.Length + (card.ImageUrl?.Length ?? 0) + (card.ImageAlt?.Length ?? 0) + card.Availability.Length);
}
