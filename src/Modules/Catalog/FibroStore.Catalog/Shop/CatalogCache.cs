using FibroStore.SharedKernel.Clustering;
using Microsoft.Extensions.Logging;

namespace FibroStore.Catalog.Shop;

/// <summary>Evicts cached pages that show changed products, on every app instance.</summary>
internal sealed class CatalogCache(IPageCache pages, ILogger<CatalogCache> logger)
{
    public async Task EvictProductsAsync(IEnumerable<string> slugs, CancellationToken ct)
    {
        try
        {
            foreach (var slug in slugs.Distinct())
                await pages.EvictAsync(CatalogCacheTags.Product(slug), ct);
            await pages.EvictAsync(CatalogCacheTags.Catalog, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is already committed; a stale page expires on its own within the cache lifetime.
            logger.LogWarning(ex, "Could not evict cached catalog pages");
        }
    }

    public Task EvictProductAsync(string slug, CancellationToken ct) => EvictProductsAsync([slug], ct);
}
