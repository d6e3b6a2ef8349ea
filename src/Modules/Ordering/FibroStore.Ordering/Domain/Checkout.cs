namespace FibroStore.Ordering.Domain;

internal enum CheckoutStatus { Open, Completed, Expired, Cancelled }

/// <summary>
/// One attempt to pay for a cart: the lines and totals the server decided, the stock held for it (the
/// reservation id is the checkout id) and the payment session. An order is made from it only when the
/// payment provider says the session completed, so an abandoned or declined payment leaves no order.
/// </summary>
internal sealed class CheckoutAttempt
{
    public Guid Id { get; init; }
    public Guid CartId { get; init; }
    public string? CustomerId { get; init; }
    public string? Email { get; init; }
    public string Currency { get; init; } = "";
    public List<LineSnapshot> Lines { get; init; } = [];
    public decimal Subtotal { get; init; }
    public decimal Discount { get; init; }
    public Guid? DiscountCodeId { get; init; }
    public string? DiscountCode { get; init; }
    public string ShippingName { get; init; } = "";
    public decimal Shipping { get; init; }
    public decimal Tax { get; init; }
    public decimal TaxRatePercent { get; init; }
    public string? TaxName { get; init; }
    public decimal Total { get; init; }
    public bool JoinNewsletter { get; init; }
    public string? SessionId { get; set; }
    public CheckoutStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; set; }
}
