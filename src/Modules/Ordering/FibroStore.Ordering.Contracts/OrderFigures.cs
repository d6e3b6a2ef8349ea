namespace FibroStore.Ordering.Contracts;

/// <summary>One day of sales in the store's time zone.</summary>
public sealed record DailySales(DateOnly Day, decimal Revenue, int PaidOrders, decimal Refunds);

/// <summary>Sales in a period: revenue is the total of orders paid in it; refunds are money returned in it.</summary>
public sealed record SalesSummary(decimal Revenue, int PaidOrders, decimal Refunds, string Currency, IReadOnlyList<DailySales> Days)
{
    public decimal AverageOrderValue => PaidOrders == 0 ? 0 : Math.Round(Revenue / PaidOrders, 2);
}

public sealed record TopProduct(string Name, decimal Revenue, int Quantity);

/// <summary>Ordering's figures for the staff dashboard, from indexed aggregate queries.</summary>
public interface IOrderFigures
{
    /// <summary>Sales with paid time in [from, to), one <see cref="DailySales"/> per calendar day of <paramref name="zone"/>.</summary>
    Task<SalesSummary> GetSalesAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct);

    Task<IReadOnlyList<TopProduct>> GetTopProductsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct);

    /// <summary>Orders paid and not yet shipped: the to-do list links them.</summary>
    Task<int> CountAwaitingShipmentAsync(CancellationToken ct);
}
