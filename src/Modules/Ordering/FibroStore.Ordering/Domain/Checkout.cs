namespace FibroStore.Ordering.Domain;

/// <summary><see cref="CheckoutStatus.Refused"/>: the payment did not match the checkout, so no order was placed.</summary>
internal enum CheckoutStatus { Open, Completed, Expired, Cancelled, Refused }

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
    /// <summary>Units in all lines: what this checkout holds against its client's cap.</summary>
    public int Units { get; init; }
    /// <summary>A hash of the client's address, so one client's open checkouts can be counted without keeping the address.</summary>
    public string? ClientKey { get; init; }
    /// <summary>A use of the discount code is reserved for this checkout (turned into a use when paid, given back otherwise).</summary>
    public bool DiscountHeld { get; set; }
    public string? SessionId { get; set; }
    public CheckoutStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>Why a payment for this checkout was refused (it did not match), for staff; null when none was.</summary>
    public string? Problem { get; set; }
    public DateTimeOffset? ProblemAt { get; set; }
    /// <summary>The automatic refund of the refused payment, once made.</summary>
    public string? ProblemRefundId { get; set; }
}
