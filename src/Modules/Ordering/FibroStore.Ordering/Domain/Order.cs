namespace FibroStore.Ordering.Domain;

internal enum OrderStatus { PendingPayment, Paid, Shipped, Delivered, Cancelled, PartiallyRefunded, Refunded }

/// <summary>A name and postal address on an order: where it is delivered, or whom the payment bills.</summary>
internal sealed record OrderAddress(string Name, string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country)
{
    /// <summary>The filled-in parts, name first, for an address block or one line.</summary>
    public IEnumerable<string> Parts => new[] { Name, Line1, Line2, City, State, PostalCode, Country }.Where(p => !string.IsNullOrWhiteSpace(p))!;
}

/// <summary>
/// A paid (or paying) order. Its rules are the status machine: pending payment → paid → shipped → delivered,
/// or cancelled before payment, or refunded in part or whole after it. Every change adds a history entry.
/// </summary>
internal sealed class Order
{
    public const int TrackingMaxLength = 100;
    public const int NoteMaxLength = 2000;

    public Guid Id { get; init; }
    public long Number { get; init; }
    public Guid CheckoutId { get; init; }
    public string? CustomerId { get; init; }
    public string Email { get; init; } = "";
    public string? CustomerName { get; init; }
    public OrderAddress? ShippingAddress { get; init; }
    /// <summary>Null for orders placed before the store kept it.</summary>
    public OrderAddress? BillingAddress { get; init; }
    public string Currency { get; init; } = "";
    public decimal Subtotal { get; init; }
    public decimal Discount { get; init; }
    public string? DiscountCode { get; init; }
    public Guid? DiscountCodeId { get; init; }
    public string ShippingMethod { get; init; } = "";
    public decimal Shipping { get; init; }
    public decimal Tax { get; init; }
    public decimal TaxRatePercent { get; init; }
    public string? TaxName { get; init; }
    public decimal Total { get; init; }
    public decimal AmountRefunded { get; private set; }
    public string? PaymentIntentId { get; set; }
    public OrderStatus Status { get; private set; }
    public DateTimeOffset PlacedAt { get; init; }
    public DateTimeOffset? PaidAt { get; private set; }
    public DateTimeOffset? ShippedAt { get; private set; }
    public string? Carrier { get; private set; }
    public string? TrackingNumber { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    /// <summary>The held stock became a sale (or was found gone and the payment refunded): done once.</summary>
    public bool StockSettled { get; set; }
    public bool JoinNewsletter { get; init; }
    /// <summary>PostgreSQL's xmin: two staff members changing one order at once cannot both win.</summary>
    public uint Version { get; private set; }
    public List<OrderLine> Lines { get; init; } = [];
    public List<OrderStatusChange> History { get; init; } = [];
    public List<OrderNote> Notes { get; init; } = [];

    public string DisplayNumber => FormatNumber(Number);

    /// <summary>The payer gave the delivery name and address for the bill too (Stripe's default), so pages say so once.</summary>
    public bool BillingSameAsDelivery => BillingAddress is not null && BillingAddress == ShippingAddress;

    public static string FormatNumber(long number) => $"FS-{number}";

    /// <summary>Reads "FS-1042", "fs 1042" or "1042"; null for anything else.</summary>
    public static long? ParseNumber(string? text)
    {
        var digits = text?.Trim().ToUpperInvariant().Replace("FS", "", StringComparison.Ordinal).Trim(' ', '-', '#');
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public decimal Refundable => Total - AmountRefunded;

    public static Order Place(Guid id, long number, CheckoutAttempt checkout, string email, string? name, OrderAddress? shippingAddress,
        OrderAddress? billingAddress, string? paymentIntentId, DateTimeOffset now)
    {
        var order = new Order
        {
            Id = id, Number = number, CheckoutId = checkout.Id, CustomerId = checkout.CustomerId, Email = email, CustomerName = name,
            ShippingAddress = shippingAddress, BillingAddress = billingAddress, Currency = checkout.Currency, Subtotal = checkout.Subtotal,
            Discount = checkout.Discount, DiscountCode = checkout.DiscountCode, DiscountCodeId = checkout.DiscountCodeId,
            ShippingMethod = checkout.ShippingName, Shipping = checkout.Shipping, Tax = checkout.Tax, TaxRatePercent = checkout.TaxRatePercent,
            TaxName = checkout.TaxName, Total = checkout.Total, PaymentIntentId = paymentIntentId, Status = OrderStatus.PendingPayment,
            PlacedAt = now, JoinNewsletter = checkout.JoinNewsletter,
            Lines = checkout.Lines.Select((l, i) => new OrderLine
            {
                OrderId = id, Position = i, VariantId = l.VariantId, ProductId = l.ProductId, ProductName = l.ProductName,
                VariantName = l.VariantName, Sku = l.Sku, UnitPrice = l.UnitPrice, Quantity = l.Quantity,
            }).ToList(),
        };
        order.Record(OrderStatus.PendingPayment, now, "customer", "Order placed; waiting for the payment to clear.");
        return order;
    }

    /// <summary>False when the order is already paid or past it (a repeated payment notice changes nothing).</summary>
    public bool MarkPaid(string? paymentIntentId, DateTimeOffset now)
    {
        if (Status != OrderStatus.PendingPayment) return false;
        PaymentIntentId ??= paymentIntentId;
        Status = OrderStatus.Paid;
        PaidAt = now;
        Record(OrderStatus.Paid, now, "payments", Total == 0 ? "Nothing to pay: the discount and free delivery cover the whole order." : "Payment received.");
        return true;
    }

    /// <summary>An order with nothing to pay whose items sold out before it reached the store: closed, as nothing was charged.</summary>
    public void CloseUnfilled(DateTimeOffset now)
    {
        if (Total != 0 || PaidAt is null)
            throw new InvalidOperationException("Only an order with nothing to pay is closed this way; a paid one is refunded.");
        Status = OrderStatus.Cancelled;
        CancelledAt = now;
        Record(OrderStatus.Cancelled, now, "store", "The items sold out before the order reached us. Nothing was charged.");
    }

    /// <summary>A bank payment that settled after the order was cancelled is returned in full, never kept.</summary>
    public void RecordPaymentReturned(string? paymentIntentId, DateTimeOffset now)
    {
        if (Status != OrderStatus.Cancelled || PaidAt is not null)
            throw new InvalidOperationException("Only a payment for a cancelled, unpaid order is returned this way.");
        PaymentIntentId ??= paymentIntentId;
        Record(OrderStatus.Cancelled, now, "store", "The payment arrived after the order was cancelled, so it was refunded in full.");
    }

    public string? CannotShip() => Status switch
    {
        // A partial refund after shipping changes the status, not the fact that the parcel left.
        _ when ShippedAt is not null => "This order has already been shipped.",
        OrderStatus.Paid or OrderStatus.PartiallyRefunded => null,
        OrderStatus.PendingPayment => "This order is not paid yet.",
        _ => "A cancelled or refunded order cannot be shipped.",
    };

    public void Ship(string carrier, string tracking, string actor, DateTimeOffset now)
    {
        if (CannotShip() is { } reason) throw new InvalidOperationException(reason);
        Carrier = carrier;
        TrackingNumber = tracking;
        ShippedAt = now;
        Status = OrderStatus.Shipped;
        Record(OrderStatus.Shipped, now, actor, $"Shipped with {carrier}, tracking {tracking}.");
    }

    public string? CannotMarkDelivered() =>
        ShippedAt is null ? "Only a shipped order can be marked delivered."
        : DeliveredAt is not null ? "This order has already been marked delivered."
        : Status == OrderStatus.Refunded ? "A refunded order cannot be marked delivered."
        : null;

    public void MarkDelivered(string actor, DateTimeOffset now)
    {
        if (CannotMarkDelivered() is { } reason) throw new InvalidOperationException(reason);
        // A partly refunded order keeps that status; its history says it arrived.
        if (Status == OrderStatus.Shipped) Status = OrderStatus.Delivered;
        DeliveredAt = now;
        Record(OrderStatus.Delivered, now, actor, "Delivered.");
    }

    public string? CannotCancel() => Status == OrderStatus.PendingPayment ? null : "Only an order that is not paid yet can be cancelled; refund a paid one instead.";

    public void Cancel(string actor, string reason, DateTimeOffset now)
    {
        if (CannotCancel() is { } refusal) throw new InvalidOperationException(refusal);
        Status = OrderStatus.Cancelled;
        CancelledAt = now;
        Record(OrderStatus.Cancelled, now, actor, reason);
    }

    public string? CannotRefund(decimal amount)
    {
        if (PaidAt is null || Status == OrderStatus.Cancelled) return "This order was never paid, so there is nothing to refund.";
        if (amount <= 0) return "Choose at least one line or an amount above zero to refund.";
        if (amount > Refundable) return $"That is more than is left to refund ({Money.Format(Refundable, Currency)}).";
        return null;
    }

    /// <summary>
    /// The payment provider's running total of money returned. Idempotent and order-independent: a total that is
    /// not larger than the one known (a repeated or late notice) changes nothing.
    /// </summary>
    public bool ApplyRefundedTotal(decimal refundedTotal, string actor, DateTimeOffset now)
    {
        if (refundedTotal <= AmountRefunded || PaidAt is null) return false;
        AmountRefunded = Math.Min(refundedTotal, Total);
        var whole = AmountRefunded >= Total;
        Status = whole ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
        Record(Status, now, actor, whole ? "Refunded in full." : $"Refunded {Money.Format(AmountRefunded, Currency)} of {Money.Format(Total, Currency)} so far.");
        return true;
    }

    private void Record(OrderStatus status, DateTimeOffset at, string actor, string note) =>
        History.Add(new OrderStatusChange { OrderId = Id, Status = status, At = at, Actor = actor, Note = note });
}

internal sealed class OrderLine
{
    public Guid OrderId { get; init; }
    public int Position { get; init; }
    public Guid VariantId { get; init; }
    public Guid ProductId { get; init; }
    public string ProductName { get; init; } = "";
    public string VariantName { get; init; } = "";
    public string Sku { get; init; } = "";
    public decimal UnitPrice { get; init; }
    public int Quantity { get; init; }
    public int QuantityRefunded { get; set; }

    public decimal LineTotal => UnitPrice * Quantity;
    public string DisplayName => Catalog.Contracts.ProductDisplayName.Of(ProductName, VariantName);
}

internal sealed class OrderStatusChange
{
    public long Id { get; init; }
    public Guid OrderId { get; init; }
    public OrderStatus Status { get; init; }
    public DateTimeOffset At { get; init; }
    public string Actor { get; init; } = "";
    public string Note { get; init; } = "";
}

internal sealed class OrderNote
{
    public long Id { get; init; }
    public Guid OrderId { get; init; }
    public string Text { get; init; } = "";
    public string AuthorId { get; init; } = "";
    public DateTimeOffset At { get; init; }
}

internal enum RefundStatus { Requested, Succeeded, Failed }

/// <summary>
/// A refund staff asked for. Its id comes from the form that asked, so a double click finds the first row and
/// refunds once; the same id is the payment provider's idempotency key.
/// </summary>
internal sealed class OrderRefund
{
    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public decimal Amount { get; init; }
    public bool Restock { get; init; }
    /// <summary>Quantities per order line position, for restocking and the refund email.</summary>
    public Dictionary<int, int> Lines { get; init; } = [];
    public string Reason { get; init; } = "";
    public string ActorId { get; init; } = "";
    public RefundStatus Status { get; set; }
    public string? ProviderRefundId { get; set; }
    public string? Failure { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
