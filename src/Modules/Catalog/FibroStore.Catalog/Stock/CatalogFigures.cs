namespace FibroStore.Catalog.Stock;

internal sealed class CatalogFigures(CatalogDbContext db) : ICatalogFigures
{
    public Task<int> CountLowStockVariantsAsync(CancellationToken ct) =>
        db.Variants.CountAsync(v => v.TrackStock && !v.IsArchived && v.Product.Status != ProductStatus.Archived
                                    && v.OnHand - v.Reserved <= v.LowStockThreshold, ct);
}
