namespace FibroStore.Ordering.Domain;

/// <summary>
/// A shopper's cart: a visitor's (found by a cookie) or a signed-in customer's. It remembers the price each
/// line was added at only to say when the price has changed since; checkout always charges today's price.
/// </summary>
internal sealed class Cart
{
    public const int MaxLines = 50;

    public Guid Id { get; init; }
    public string? CustomerId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CartLine> Lines { get; init; } = [];

    /// <summary>When checkout was last started from this cart; null when never, so there is no earlier payment page to close.</summary>
    public DateTimeOffset? CheckoutStartedAt { get; set; }

    public int ItemCount => Lines.Sum(l => l.Quantity);

    /// <summary>Adds to a line (or starts one), keeping it within Catalog's <see cref="PurchaseLimit.PerCartLine"/>. False when the cart is full.</summary>
    public bool Add(Guid variantId, int quantity, decimal price, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        var line = Lines.Find(l => l.VariantId == variantId);
        if (line is null)
        {
            if (Lines.Count >= MaxLines) return false;
            Lines.Add(new CartLine { CartId = Id, VariantId = variantId, Quantity = Math.Min(quantity, PurchaseLimit.PerCartLine), PriceWhenAdded = price, AddedAt = now });
        }
        else
        {
            line.Quantity = Math.Min(line.Quantity + quantity, PurchaseLimit.PerCartLine);
        }
        UpdatedAt = now;
        return true;
    }

    public void SetQuantity(Guid variantId, int quantity, DateTimeOffset now)
    {
        var line = Lines.Find(l => l.VariantId == variantId);
        if (line is null) return;
        if (quantity <= 0) Lines.Remove(line);
        else line.Quantity = Math.Min(quantity, PurchaseLimit.PerCartLine);
        UpdatedAt = now;
    }

    /// <summary>A visitor signed in: their visitor cart joins the customer's cart.</summary>
    public void Absorb(Cart other, DateTimeOffset now)
    {
        foreach (var line in other.Lines)
            Add(line.VariantId, line.Quantity, line.PriceWhenAdded, now);
    }

    public void Clear(DateTimeOffset now)
    {
        Lines.Clear();
        UpdatedAt = now;
    }
}

internal sealed class CartLine
{
    public Guid CartId { get; init; }
    public Guid VariantId { get; init; }
    public int Quantity { get; set; }
    public decimal PriceWhenAdded { get; set; }
    public DateTimeOffset AddedAt { get; init; }
}
