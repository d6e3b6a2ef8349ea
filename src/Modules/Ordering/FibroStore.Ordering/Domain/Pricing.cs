namespace FibroStore.Ordering.Domain;

/// <summary>A line as it was sold: copied onto the checkout and the order so later catalog edits change nothing.</summary>
internal sealed record LineSnapshot(Guid VariantId, Guid ProductId, string ProductName, string VariantName, string Sku, decimal UnitPrice, int Quantity, string? ImageUrl)
{
    public decimal LineTotal => UnitPrice * Quantity;
}

internal sealed record Totals(decimal Subtotal, decimal Discount, decimal Shipping, decimal Tax, decimal Total);

internal static class Pricing
{
    /// <summary>
    /// The server's one way to total a basket. With tax included in prices, the tax is the part of the total it
    /// already contains, shown on the receipt; it is never added on top.
    /// </summary>
    public static Totals Total(IReadOnlyList<LineSnapshot> lines, decimal discount, decimal shipping, decimal includedTaxPercent)
    {
        var subtotal = lines.Sum(l => l.LineTotal);
        discount = Math.Clamp(discount, 0, subtotal);
        var total = subtotal - discount + shipping;
        var tax = includedTaxPercent <= 0 ? 0 : Math.Round(total - total / (1 + includedTaxPercent / 100m), 2, MidpointRounding.AwayFromZero);
        return new Totals(subtotal, discount, shipping, tax, total);
    }
}

internal sealed class ShippingOption
{
    public const int NameMaxLength = 80;

    public Guid Id { get; init; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public decimal Price { get; set; }
    /// <summary>Free when the basket (after discount) reaches this much; null: never free.</summary>
    public decimal? FreeOver { get; set; }
    public int Position { get; set; }
    public bool IsActive { get; set; } = true;

    public decimal PriceFor(decimal basket) => Contracts.DeliveryOption.PriceFor(Price, FreeOver, basket);
}

internal enum DiscountKind { Percent, Amount }

internal sealed class DiscountCode
{
    public const int CodeMaxLength = 40;

    public Guid Id { get; init; }
    public string Code { get; set; } = "";
    public DiscountKind Kind { get; set; }
    /// <summary>Percent (1–100) or an amount in the store's currency.</summary>
    public decimal Value { get; set; }
    public decimal? MinimumSubtotal { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public int? UsageLimit { get; set; }
    /// <summary>Counted when an order that used the code is paid.</summary>
    public int TimesUsed { get; set; }
    /// <summary>Uses held by open checkouts: taken when checkout starts, so the limit holds while payments are in flight.</summary>
    public int Reserved { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>
    /// The one answer for a code that is unknown, ended, not started or used up: telling them apart would let anyone
    /// find out which codes exist by trying them.
    /// </summary>
    public const string CannotBeUsed = "That discount code cannot be used. Please check it, or leave the box empty.";

    /// <summary>
    /// Whether the code can be used at all now (dates, switched on, uses left). Uses reserved by the asker's own open
    /// checkout (<paramref name="ownReserved"/>) are theirs to take again.
    /// </summary>
    public bool IsUsable(DateTimeOffset now, int ownReserved = 0) =>
        IsActive
        && (EndsAt is not { } end || now < end)
        && (StartsAt is not { } start || now >= start)
        && (UsageLimit is not { } limit || TimesUsed + Reserved - ownReserved < limit);

    /// <summary>Why the code cannot be used on this basket now, in words for the shopper; null when it can.</summary>
    public string? Refusal(decimal subtotal, string currency, DateTimeOffset now, int ownReserved = 0)
    {
        if (!IsUsable(now, ownReserved)) return CannotBeUsed;
        if (MinimumSubtotal is { } minimum && subtotal < minimum)
            return $"That discount code needs a basket of at least {SharedKernel.Money.Format(minimum, currency)}.";
        return null;
    }

    public decimal AmountOff(decimal subtotal) => Kind switch
    {
        DiscountKind.Percent => Math.Round(subtotal * Math.Clamp(Value, 0, 100) / 100m, 2, MidpointRounding.AwayFromZero),
        _ => Math.Min(Value, subtotal),
    };
}
