using FibroStore.Ordering.Checkout;

namespace FibroStore.Ordering.Data;

/// <summary>Answers Catalog's product pages: the delivery options they describe to search engines.</summary>
internal sealed class DeliveryOptionsDirectory(ActiveShippingOptions shipping, IOptions<OrderingOptions> options) : IProductDeliveryOptions
{
    public async Task<IReadOnlyList<ProductDeliveryOption>> GetActiveAsync(IReadOnlyCollection<decimal> baskets, CancellationToken ct)
    {
        var active = await shipping.GetAsync(ct);
        return active.Select(s => new ProductDeliveryOption(s.Name, s.Description,
            baskets.Distinct().ToDictionary(basket => basket, s.PriceFor))).ToList();
    }

    public IReadOnlyList<string> ShippingCountries => options.Value.ShippingCountries;
}
