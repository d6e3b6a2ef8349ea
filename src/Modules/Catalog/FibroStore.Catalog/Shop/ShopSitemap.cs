namespace FibroStore.Catalog.Shop;

/// <summary>The shop's part of /sitemap.xml: the shop, every category with something on sale in it, every product on sale.</summary>
internal sealed class ShopSitemap(CatalogDbContext db) : ISitemapSource
{
    public string CacheTag => CatalogCacheTags.Catalog;

    public async Task<IReadOnlyList<SitemapEntry>> GetEntriesAsync(CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.Active)
            .OrderBy(p => p.Slug)
            .Select(p => new { p.Slug, p.UpdatedAt, CategoryIds = p.Categories.Select(c => c.Id).ToList() })
            .ToListAsync(ct);
        var tree = await CategoryTree.LoadAsync(db, ct);

        // A category page lists its sub-categories' products too, so a category counts if anything below it is on sale.
        var withProducts = new HashSet<Guid>();
        foreach (var id in products.SelectMany(p => p.CategoryIds))
        {
            var node = tree.Find(id);
            while (node is not null && withProducts.Add(node.Id))
                node = node.ParentId is { } parent ? tree.Find(parent) : null;
        }

        var newest = products.Count == 0 ? (DateTimeOffset?)null : products.Max(p => p.UpdatedAt);
        return
        [
            new SitemapEntry("/shop", newest),
            .. tree.All.Where(c => withProducts.Contains(c.Id)).Select(c => new SitemapEntry(CategoryTree.UrlFor(c.Slug), null)),
            .. products.Select(p => new SitemapEntry(ProductCards.UrlFor(p.Slug), p.UpdatedAt)),
        ];
    }
}
