namespace FibroStore.Ordering.Contracts;

/// <summary>
/// One way the store delivers, as a shopper can choose it at checkout: its price, and the basket from which it is free.
/// </summary>
public sealed record DeliveryOption(string Name, string? Description, decimal Price, decimal? FreeOver)
{
    /// <summary>What delivery costs for a basket of <paramref name="basket"/>.</summary>
    public decimal PriceFor(decimal basket) => PriceFor(Price, FreeOver, basket);

    /// <summary>The one rule, which the cart applies too: free once the basket (after discount) reaches the threshold.</summary>
    public static decimal PriceFor(decimal price, decimal? freeOver, decimal basket) => freeOver is { } threshold && basket >= threshold ? 0 : price;
}

/// <summary>The delivery options on offer and where the store ships, for product pages' structured data.</summary>
public interface IDeliveryOptions
{
    /// <summary>Active options, in the order the cart shows them.</summary>
    Task<IReadOnlyList<DeliveryOption>> GetActiveAsync(CancellationToken ct);

    /// <summary>The countries the payment page lets shoppers ship to (ISO 3166 codes).</summary>
    IReadOnlyList<string> ShippingCountries { get; }
}

/// <summary>Output-cache tags: pages that show delivery prices carry <see cref="Options"/>; Ordering evicts it when staff change them.</summary>
public static class DeliveryCacheTags
{
    public const string Options = "delivery-options";
}
