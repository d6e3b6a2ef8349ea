namespace FibroStore.Ordering.Fulfillment;

/// <summary>
/// The items staff chose to put back with a refund go back to stock from the refund's event, so a crash right after
/// the refund is recorded cannot lose the restock. Catalog keys the return by the refund's id: a redelivered event
/// returns nothing twice. Ordering asks through Catalog's stock contract, as it does for every other stock step
/// (hold, sell, release).
/// </summary>
internal sealed class RestockOnOrderRefunded(ICatalogStock stock) : INotificationHandler<OrderRefunded>
{
    public async ValueTask Handle(OrderRefunded notification, CancellationToken cancellationToken)
    {
        if (notification.RefundId is not { } refundId || notification.Restock.Count == 0) return;
        var lines = notification.Restock.Select(l => new StockLine(l.VariantId, l.Quantity)).ToList();
        await stock.ReturnToStockAsync(refundId, lines, $"Refund for order {notification.Number}", cancellationToken);
    }
}
