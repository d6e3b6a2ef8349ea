namespace FibroStore.Catalog.Contracts;

/// <summary>
/// One way the store delivers, as a product page describes it to search engines: what it costs for a basket of each
/// price asked about (delivery can be free over a threshold, Ordering's rule).
/// </summary>
public sealed record ProductDeliveryOption(string Name, string? Description, IReadOnlyDictionary<decimal, decimal> PriceForBasket);

/// <summary>
/// What a product page asks about delivery for its structured data. Declared here, where it is asked, and answered by
/// Ordering, which keeps the delivery options, so Catalog needs nothing of Ordering.
/// </summary>
public interface IProductDeliveryOptions
{
    /// <summary>Active options, in the order the cart shows them, each priced for a basket of each of <paramref name="baskets"/>.</summary>
    Task<IReadOnlyList<ProductDeliveryOption>> GetActiveAsync(IReadOnlyCollection<decimal> baskets, CancellationToken ct);

    /// <summary>The countries the payment page lets shoppers ship to (ISO 3166 codes).</summary>
    IReadOnlyList<string> ShippingCountries { get; }
}

/// <summary>Output-cache tags: pages that show delivery prices carry <see cref="DeliveryOptions"/>; Ordering evicts it when staff change them.</summary>
public static class ProductPageCacheTags
{
    public const string DeliveryOptions = "delivery-options";
}
