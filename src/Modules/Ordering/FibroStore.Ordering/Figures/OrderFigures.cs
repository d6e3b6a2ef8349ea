namespace FibroStore.Ordering.Figures;

/// <summary>
/// Sales for the staff dashboard: aggregate queries over indexed columns (orders by paid time, refunds by time),
/// grouped by day in the store's time zone inside PostgreSQL, so the work stays in the database.
/// </summary>
internal sealed class OrderFigures(OrderingDbContext db, IOptions<OrderingOptions> options) : IOrderFigures
{
    public async Task<SalesSummary> GetSalesAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct)
    {
        // PostgreSQL's timestamptz takes UTC only; the caller may speak in the store's own offset.
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        var tz = zone.Id;
        var sales = await db.Database.SqlQuery<DayFigures>($"""
            SELECT (paid_at AT TIME ZONE {tz})::date AS "Day", sum(total) AS "Amount", count(*)::int AS "Count"
            FROM ordering.orders
            WHERE paid_at >= {from} AND paid_at < {to}
            GROUP BY 1
            """).ToListAsync(ct);
        var refunds = await db.Database.SqlQuery<DayFigures>($"""
            SELECT (created_at AT TIME ZONE {tz})::date AS "Day", sum(amount) AS "Amount", count(*)::int AS "Count"
            FROM ordering.refunds
            WHERE status = {nameof(RefundStatus.Succeeded)} AND created_at >= {from} AND created_at < {to}
            GROUP BY 1
            """).ToListAsync(ct);

        var first = ZonedTime.DayOf(from, zone);
        var last = ZonedTime.DayOf(to.AddTicks(-1), zone);
        var salesByDay = sales.ToDictionary(s => s.Day);
        var refundsByDay = refunds.ToDictionary(r => r.Day);
        var days = new List<DailySales>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var s = salesByDay.GetValueOrDefault(day);
            var r = refundsByDay.GetValueOrDefault(day);
            days.Add(new DailySales(day, s?.Amount ?? 0, s?.Count ?? 0, r?.Amount ?? 0));
        }
        return new SalesSummary(sales.Sum(s => s.Amount), sales.Sum(s => s.Count), refunds.Sum(r => r.Amount), options.Value.Currency, days);
    }

    public async Task<IReadOnlyList<TopProduct>> GetTopProductsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct)
    {
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        return await db.OrderLines.AsNoTracking()
            .Join(db.Orders.IgnoreAutoIncludes().Where(o => o.PaidAt >= from && o.PaidAt < to), l => l.OrderId, o => o.Id, (l, o) => l)
            .GroupBy(l => new { l.ProductId, l.ProductName })
            .Select(g => new { g.Key.ProductName, Revenue = g.Sum(l => l.UnitPrice * l.Quantity), Quantity = g.Sum(l => l.Quantity) })
            .OrderByDescending(p => p.Revenue)
            .Take(max)
            .Select(p => new TopProduct(p.ProductName, p.Revenue, p.Quantity))
            .ToListAsync(ct);
    }

    public Task<int> CountAwaitingShipmentAsync(CancellationToken ct) =>
        db.Orders.IgnoreAutoIncludes().CountAsync(o => o.Status == OrderStatus.Paid, ct);

    private sealed record DayFigures(DateOnly Day, decimal Amount, int Count);
}
