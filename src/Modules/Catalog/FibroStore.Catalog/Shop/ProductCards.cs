using Microsoft.Extensions.Options;

namespace FibroStore.Catalog.Shop;

internal sealed record VariantStockRow(bool TrackStock, bool AllowBackorder, int OnHand, int Reserved, int LowStockThreshold);

/// <summary>What a product card needs, read for a whole page of products in one SQL query.</summary>
internal sealed record CardRow(Guid Id, string Slug, string Name, string Summary, decimal Price, decimal? CompareAtPrice,
    string? ImageUrl, string? ImageAlt, List<VariantStockRow> Stock)
{
    public StockLevel Level => StockLevel.Combine(Stock.Select(s => StockLevel.Of(s.TrackStock, s.AllowBackorder, s.OnHand, s.Reserved, s.LowStockThreshold)).ToList());
}

internal static class ProductCards
{
    public static string UrlFor(string slug) => "/products/" + slug;

    /// <summary>
    /// EF turns the nested image and stock reads into parts of the same query: no query per card. The first picture is
    /// read as two scalar subqueries, each a lookup on (product_id, position); selecting it as one object would make EF
    /// number every row of product_images (ROW_NUMBER over the whole table) on every listing.
    /// </summary>
    public static IQueryable<CardRow> SelectCards(this IQueryable<Product> products) =>
        products.Select(p => new CardRow(
            p.Id, p.Slug, p.Name, p.Summary, p.MinPrice,
            p.Variants.Where(v => !v.IsArchived && v.Price == p.MinPrice).Select(v => v.CompareAtPrice).FirstOrDefault(),
            p.Images.OrderBy(i => i.Position).Select(i => i.CardUrl).FirstOrDefault(),
            p.Images.OrderBy(i => i.Position).Select(i => i.Alt).FirstOrDefault(),
            p.Variants.Where(v => !v.IsArchived)
                .Select(v => new VariantStockRow(v.TrackStock, v.AllowBackorder, v.OnHand, v.Reserved, v.LowStockThreshold)).ToList()));

    public static ProductCard ToCard(this CardRow row, string currency)
    {
        var level = row.Level;
        return new ProductCard(row.Id, row.Slug, row.Name, UrlFor(row.Slug), row.Price, row.CompareAtPrice, currency,
            row.ImageUrl, row.ImageAlt, level.Words, level.CanBuy);
    }
}

internal sealed class ProductCatalog(CatalogDbContext db, CatalogReads reads, IOptions<CatalogOptions> options) : IProductCatalog
{
    public async Task<IReadOnlyDictionary<string, ProductCard>> GetCardsBySlugAsync(IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        if (slugs.Count == 0) return new Dictionary<string, ProductCard>();
        var wanted = slugs.Distinct().ToList();
        return await reads.CardsBySlugAsync(wanted, async c =>
        {
            var rows = await db.Products.AsNoTracking()
                .Where(p => p.Status == ProductStatus.Active && wanted.Contains(p.Slug))
                .SelectCards()
                .ToListAsync(c);
            return rows.ToDictionary(r => r.Slug, r => r.ToCard(options.Value.Currency));
        }, ct);
    }

    public Task<IReadOnlyList<ProductCard>> GetFeaturedAsync(int max, CancellationToken ct) =>
        reads.FeaturedAsync(max, async c =>
        {
            var rows = await Featured(db, max).ToListAsync(c);
            return rows.Select(r => r.ToCard(options.Value.Currency)).ToList();
        }, ct);

    /// <summary>The featured strip's hot query: the most recently changed featured products, by their own index.</summary>
    internal static IQueryable<CardRow> Featured(CatalogDbContext db, int max) =>
        db.Products.AsNoTracking()
            .Where(p => p.Status == ProductStatus.Active && p.IsFeatured)
            .OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id)
            .Take(Math.Clamp(max, 0, 48))
            .SelectCards();
}
