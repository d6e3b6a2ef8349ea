namespace FibroStore.Ordering.Fulfillment;

/// <summary>
/// Stages Ordering's events in its outbox. The caller's SaveChanges writes them together with the change they report,
/// inside the transaction that holds the order's (or checkout's) lock.
/// </summary>
internal static class OrderOutbox
{
    public static void Placed(OrderingDbContext db, Order order, DateTimeOffset now) =>
        db.AddEvent(new OrderPlaced(order.Id, order.DisplayNumber, order.CustomerId, order.Total, order.Currency, now), now);

    /// <summary>
    /// A signed-in shopper's receipt goes to the account's address, which the account already proved (sign-in needs a
    /// confirmed address); a guest's typed address has not been proven.
    /// </summary>
    public static void Paid(OrderingDbContext db, Order order, DateTimeOffset now) =>
        db.AddEvent(new OrderPaid(order.Id, order.DisplayNumber, order.Email, FirstName(order.CustomerName), order.JoinNewsletter,
            EmailConfirmedByAccount: order.CustomerId is not null, order.Total, order.Currency, now), now);

    public static void Shipped(OrderingDbContext db, Order order, DateTimeOffset now) =>
        db.AddEvent(new OrderShipped(order.Id, order.DisplayNumber, order.Carrier ?? "", order.TrackingNumber ?? "", now), now);

    public static void Refunded(OrderingDbContext db, Order order, Guid? refundId, decimal amount, decimal refundedSoFar, bool inFull,
        IReadOnlyList<RefundedLine> restock, DateTimeOffset now) =>
        db.AddEvent(new OrderRefunded(order.Id, order.DisplayNumber, refundId, amount, refundedSoFar, inFull, order.Currency, restock, now), now);

    public static void Cancelled(OrderingDbContext db, Order order, string reason, DateTimeOffset now) =>
        db.AddEvent(new OrderCancelled(order.Id, order.DisplayNumber, reason, now), now);

    private static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', 2)[0];
}
