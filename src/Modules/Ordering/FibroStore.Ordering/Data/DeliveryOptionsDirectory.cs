namespace FibroStore.Ordering.Data;

/// <summary>Answers Catalog's product pages: the delivery options they describe to search engines.</summary>
internal sealed class DeliveryOptionsDirectory(OrderingDbContext db, IOptions<OrderingOptions> options) : IProductDeliveryOptions
{
    public async Task<IReadOnlyList<ProductDeliveryOption>> GetActiveAsync(IReadOnlyCollection<decimal> baskets, CancellationToken ct)
    {
        var options = await db.ShippingOptions.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Position).ToListAsync(ct);
        return options.Select(s => new ProductDeliveryOption(s.Name, s.Description,
            baskets.Distinct().ToDictionary(basket => basket, s.PriceFor))).ToList();
    }

    public IReadOnlyList<string> ShippingCountries => options.Value.ShippingCountries;
}
