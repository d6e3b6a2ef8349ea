namespace FibroStore.Ordering.Carts;

internal sealed record CartLineView(
    Guid VariantId,
    Guid ProductId,
    string ProductName,
    string VariantName,
    string Sku,
    string ProductUrl,
    string? ImageUrl,
    int Quantity,
    decimal UnitPrice,
    decimal? PriceWhenAdded,
    int MaxQuantity,
    string? Problem)
{
    public decimal LineTotal => UnitPrice * Quantity;
    public string DisplayName => ProductDisplayName.Of(ProductName, VariantName);
    public bool PriceChanged => PriceWhenAdded is { } before && before != UnitPrice;
}

/// <summary>The cart as it stands now: today's prices and stock from Catalog, and what stops checkout, in words.</summary>
internal sealed record CartView(Guid? CartId, IReadOnlyList<CartLineView> Lines, string Currency)
{
    public decimal Subtotal => Lines.Where(l => l.Problem is null).Sum(l => l.LineTotal);
    public int ItemCount => Lines.Sum(l => l.Quantity);
    public bool IsEmpty => Lines.Count == 0;
    public bool CanCheckout => Lines.Count > 0 && Lines.All(l => l.Problem is null);

    public static CartView Empty(string currency) => new(null, [], currency);

    public static async Task<CartView> BuildAsync(Cart? cart, ICatalogStock catalog, string currency, CancellationToken ct)
    {
        if (cart is null || cart.Lines.Count == 0)
            return new CartView(cart?.Id, [], currency);
        var variants = await catalog.GetVariantsAsync(cart.Lines.Select(l => l.VariantId).ToList(), ct);
        var lines = cart.Lines.OrderBy(l => l.AddedAt).Select(line =>
        {
            if (!variants.TryGetValue(line.VariantId, out var v))
                return new CartLineView(line.VariantId, Guid.Empty, "A product that is no longer sold", "", "", "/shop", null, line.Quantity,
                    line.PriceWhenAdded, null, 0, "This product is no longer sold. Please remove it to continue.");
            var max = v.MaxPerCartLine;
            var problem = !v.CanBuy
                ? "This is not available at the moment. Please remove it to continue."
                : LineCap.RefuseSetting(v, line.Quantity);
            return new CartLineView(v.VariantId, v.ProductId, v.ProductName, v.VariantName, v.Sku, "/products/" + v.ProductSlug, v.ImageUrl,
                line.Quantity, v.Price, line.PriceWhenAdded, max, problem);
        }).ToList();
        return new CartView(cart.Id, lines, currency);
    }

    /// <summary>The lines as they will be sold, at the prices just read. Only for a cart that <see cref="CanCheckout"/>.</summary>
    public IReadOnlyList<LineSnapshot> Snapshot() =>
        Lines.Select(l => new LineSnapshot(l.VariantId, l.ProductId, l.ProductName, l.VariantName, l.Sku, l.UnitPrice, l.Quantity, l.ImageUrl)).ToList();
}
