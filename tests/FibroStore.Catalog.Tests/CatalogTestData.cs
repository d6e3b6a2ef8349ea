using FibroStore.Catalog.Shop;

namespace FibroStore.Catalog.Tests;

/// <summary>
/// A small builder for products straight into the catalog schema, with opening stock on the ledger. Like every writer
/// in the store, it evicts what shoppers are shown of the catalog once its change is saved.
/// </summary>
internal static class CatalogTestData
{
    public sealed record VariantSpec(string Name, decimal Price, int Stock, bool TrackStock = true, bool AllowBackorder = false, decimal? CompareAt = null);

    public static async Task<Product> AddProductAsync(this StoreFactory store, string name, params VariantSpec[] variants) =>
        await store.AddProductAsync(name, ProductStatus.Active, null, variants);

    public static async Task<Product> AddProductAsync(this StoreFactory store, string name, ProductStatus status, string? categorySlug,
        params VariantSpec[] variants)
    {
        if (variants.Length == 0) variants = [new VariantSpec(Variant.DefaultName, 10m, 10)];
        return await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            var now = DateTimeOffset.UtcNow;
            var unique = Guid.NewGuid().ToString("N")[..8];
            var product = new Product
            {
                Name = name, Slug = Product.Slugify(name) + "-" + unique, Summary = $"A summary of {name}.",
                Description = $"All about **{name}**.", Status = status, CreatedAt = now,
            };
            if (categorySlug is not null)
                product.Categories.Add(await db.Categories.SingleAsync(c => c.Slug == categorySlug));
            var position = 0;
            foreach (var spec in variants)
            {
                var variant = new Variant
                {
                    Name = spec.Name, Sku = $"T-{unique}-{++position}".ToUpperInvariant(), Position = position, OnHand = spec.Stock,
                    TrackStock = spec.TrackStock, AllowBackorder = spec.AllowBackorder, LowStockThreshold = 3,
                };
                variant.SetPrices(spec.Price, spec.CompareAt);
                product.Variants.Add(variant);
                if (spec.Stock > 0)
                    db.StockMovements.Add(new StockMovement { VariantId = variant.Id, Kind = StockMovementKind.Received, OnHandDelta = spec.Stock, Reason = "test", Actor = "test", At = now });
            }
            product.Refresh(now);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<CatalogCache>().EvictProductAsync(product.Slug, default);
            return product;
        });
    }

    public static async Task AddCategoryAsync(this StoreFactory store, string slug, string name, string? parentSlug = null) =>
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            Guid? parent = parentSlug is null ? null : (await db.Categories.SingleAsync(c => c.Slug == parentSlug)).Id;
            db.Categories.Add(new Category { Slug = slug, Name = name, ParentId = parent });
            await db.SaveChangesAsync();
            await sp.GetRequiredService<CatalogCache>().EvictProductsAsync([], default);
        });

    public static Task<Variant> GetVariantAsync(this StoreFactory store, Guid id) =>
        store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Variants.AsNoTracking().SingleAsync(v => v.Id == id));

    /// <summary>Variants whose on hand or reserved differ from the sums of their ledger rows; empty means the ledger holds.</summary>
    public static Task<List<string>> LedgerMismatchesAsync(this StoreFactory store) =>
        store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Database.SqlQuery<string>($"""
            SELECT v.sku AS "Value"
            FROM catalog.variants v
            LEFT JOIN (SELECT variant_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
                       FROM catalog.stock_movements GROUP BY variant_id) m ON m.variant_id = v.id
            WHERE v.track_stock AND (v.on_hand <> coalesce(m.on_hand, 0) OR v.reserved <> coalesce(m.reserved, 0))
            """).ToListAsync());
}
