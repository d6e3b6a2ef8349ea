namespace FibroStore.Ordering.Domain;

/// <summary>Order statuses in the words shoppers and staff read.</summary>
internal static class OrderText
{
    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "Waiting for payment",
        OrderStatus.Paid => "Paid, being prepared",
        OrderStatus.Shipped => "Shipped",
        OrderStatus.Delivered => "Delivered",
        OrderStatus.Cancelled => "Cancelled",
        OrderStatus.PartiallyRefunded => "Partly refunded",
        OrderStatus.Refunded => "Refunded",
        _ => status.ToString(),
    };
}
