using FibroStore.SharedKernel.Clustering;

namespace FibroStore.Ordering.Checkout;

/// <summary>
/// The shipping options a shopper may choose, in their order. Each instance keeps its own copy
/// (<see cref="SignalledCache{T}"/>), so the cart page, checkout and product pages cost no query for them; a staff save
/// drops every copy. The options are shared between requests: nobody changes them.
/// </summary>
internal sealed class ActiveShippingOptions(OrderingDbContext db, SignalledCache<IReadOnlyList<ShippingOption>> cache)
{
    internal const string SignalTopic = "shipping-options";

    /// <summary>How long an instance keeps its copy when no save's signal reaches it.</summary>
    internal static readonly TimeSpan CopyMaxAge = TimeSpan.FromSeconds(60);

    public ValueTask<IReadOnlyList<ShippingOption>> GetAsync(CancellationToken ct) =>
        cache.GetAsync(async token => await db.ShippingOptions.AsNoTracking()
            .Where(s => s.IsActive).OrderBy(s => s.Position).ToListAsync(token), ct);
}
