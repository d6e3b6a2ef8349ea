namespace FibroStore.Editorial.Rendering;

/// <summary>
/// Live product cards for articles and the home page. The catalog is optional to this module: until a module
/// provides <see cref="IProductCatalog"/>, slots stay empty and pages still render.
/// </summary>
internal sealed class ProductSlots(IEnumerable<IProductCatalog> catalogs)
{
    private readonly IProductCatalog? catalog = catalogs.FirstOrDefault();

    public async Task<IReadOnlyDictionary<string, ProductCard>> CardsAsync(IReadOnlyCollection<string> slugs, CancellationToken ct) =>
        catalog is null || slugs.Count == 0
            ? new Dictionary<string, ProductCard>()
            : await catalog.GetCardsBySlugAsync(slugs, ct);

    public async Task<IReadOnlyList<ProductCard>> FeaturedAsync(int max, CancellationToken ct) =>
        catalog is null ? [] : await catalog.GetFeaturedAsync(max, ct);
}
