namespace FibroStore.Catalog.Domain;

internal sealed class Variant
{
    public const string DefaultName = "Standard";
    public const decimal MaxPrice = 100_000m;
    public const int MaxStockChange = 100_000;
    public const int MaxWeightGrams = 100_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public string Name { get; set; } = DefaultName;
    public string Sku { get; set; } = "";
    public decimal Price { get; private set; }
    public decimal? CompareAtPrice { get; private set; }
    public int WeightGrams { get; set; }
    public bool TrackStock { get; set; } = true;
    public bool AllowBackorder { get; set; }
    public int LowStockThreshold { get; set; } = 5;
    public int Position { get; set; }
    public bool IsArchived { get; set; }

    // The three counters below are written only by StockLedger's conditional updates (EF ignores them after
    // insert), so a staff edit of the variant can never overwrite a reservation made meanwhile.
    public int OnHand { get; set; }
    public int Reserved { get; set; }
    public int UnitsSold { get; set; }

    public int Available => OnHand - Reserved;

    public StockLevel Stock => StockLevel.Of(TrackStock, AllowBackorder, OnHand, Reserved, LowStockThreshold);

    /// <summary>Null when accepted; otherwise a message for the person who typed the prices.</summary>
    public static string? CheckPrices(decimal price, decimal? compareAt)
    {
        if (price < 0) return "The price cannot be negative.";
        if (price > MaxPrice) return $"The price must be at most {MaxPrice:0}.";
        if (decimal.Round(price, 2) != price) return "The price can have at most two decimal places.";
        if (compareAt is { } c)
        {
            if (c > MaxPrice) return $"The compare-at price must be at most {MaxPrice:0}.";
            if (decimal.Round(c, 2) != c) return "The compare-at price can have at most two decimal places.";
            if (c <= price) return "The compare-at price must be higher than the price (it shows what the product used to cost).";
        }
        return null;
    }

    public void SetPrices(decimal price, decimal? compareAt)
    {
        if (CheckPrices(price, compareAt) is { } problem)
            throw new ArgumentException(problem);
        Price = price;
        CompareAtPrice = compareAt;
    }
}
