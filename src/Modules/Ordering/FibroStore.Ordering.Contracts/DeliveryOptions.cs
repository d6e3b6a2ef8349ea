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
