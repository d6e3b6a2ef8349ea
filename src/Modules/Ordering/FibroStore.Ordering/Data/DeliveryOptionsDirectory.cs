using FibroStore.Ordering.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FibroStore.Ordering.Data;

internal sealed class DeliveryOptionsDirectory(OrderingDbContext db, IOptions<OrderingOptions> options) : IDeliveryOptions
{
    public async Task<IReadOnlyList<DeliveryOption>> GetActiveAsync(CancellationToken ct) =>
        await db.ShippingOptions.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Position)
            .Select(s => new DeliveryOption(s.Name, s.Description, s.Price, s.FreeOver))
            .ToListAsync(ct);

    public IReadOnlyList<string> ShippingCountries => options.Value.ShippingCountries;
}
