namespace FibroStore.Catalog.Domain;

internal enum StockState { InStock, Low, Backorder, OutOfStock }

/// <summary>Stock in words for shoppers, and the rules for when a variant may be bought.</summary>
internal sealed record StockLevel(StockState State, int Available)
{
    public static StockLevel Of(bool trackStock, bool allowBackorder, int onHand, int reserved, int lowThreshold)
    {
        if (!trackStock) return new(StockState.InStock, int.MaxValue);
        var available = onHand - reserved;
        if (available > 0)
            return new(available <= lowThreshold ? StockState.Low : StockState.InStock, available);
        return new(allowBackorder ? StockState.Backorder : StockState.OutOfStock, available);
    }

    /// <summary>A product is as buyable as its best variant; "only N left" counts the units of every variant.</summary>
    public static StockLevel Combine(IReadOnlyCollection<StockLevel> variants)
    {
        if (variants.Count == 0) return new(StockState.OutOfStock, 0);
        var best = variants.Min(v => v.State);
        return best == StockState.Low
            ? new(StockState.Low, variants.Where(v => v.Available > 0).Sum(v => v.Available))
            : new(best, variants.Max(v => v.Available));
    }

    public bool CanBuy => State != StockState.OutOfStock;

    public string Words => State switch
    {
        StockState.InStock => "In stock",
        StockState.Low => $"Only {Available} left",
        StockState.Backorder => "Available on backorder",
        _ => "Out of stock",
    };

    /// <summary>The schema.org availability for JSON-LD offers.</summary>
    public string SchemaOrg => State switch
    {
        StockState.InStock or StockState.Low => "https://schema.org/InStock",
        StockState.Backorder => "https://schema.org/BackOrder",
        _ => "https://schema.org/OutOfStock",
    };
}
