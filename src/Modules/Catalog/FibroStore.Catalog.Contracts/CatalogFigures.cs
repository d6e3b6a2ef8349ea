namespace FibroStore.Catalog.Contracts;

/// <summary>Catalog's figures for the staff dashboard.</summary>
public interface ICatalogFigures
{
    /// <summary>Tracked, unarchived options at or below their low-stock threshold: the same rows as the low-stock page.</summary>
    Task<int> CountLowStockVariantsAsync(CancellationToken ct);
}
