namespace FibroStore.Ordering.Checkout;

/// <summary>A product option whose stock is mostly held by open payment pages.</summary>
internal sealed record HeldVariant(Guid VariantId, string Product, string Option, string Sku, int Held, int Available, int Checkouts, int Clients,
    DateTimeOffset LastHoldEnds);

/// <summary>A payment the store refused because it did not match its checkout.</summary>
internal sealed record RefusedPayment(Guid CheckoutId, DateTimeOffset At, string Problem, string? RefundId);

/// <summary>Open checkouts and refused payments, as staff see them on the home page's to-do list and the checkouts page.</summary>
internal sealed class CheckoutWatch(OrderingDbContext db, ICatalogStock catalog, TimeProvider clock) : ICheckoutAlerts
{
    public static readonly TimeSpan RefusedShownFor = TimeSpan.FromDays(30);

    public async Task<CheckoutAlerts> GetAsync(CancellationToken ct) =>
        new((await MostlyHeldAsync(ct)).Count, await db.Checkouts.CountAsync(c => c.ProblemAt > clock.GetUtcNow() - RefusedShownFor, ct));

    /// <summary>
    /// Options where open checkouts hold more than half of what is left to sell (held plus still available). Open
    /// checkouts are few at any moment (each client may start only a few), so their lines are added up here.
    /// </summary>
    public async Task<IReadOnlyList<HeldVariant>> MostlyHeldAsync(CancellationToken ct)
    {
        var heldSince = clock.GetUtcNow() - StartCheckout.HoldGrace;
        var open = await db.Checkouts.AsNoTracking()
            .Where(c => c.Status == CheckoutStatus.Open && c.ExpiresAt > heldSince)
            .Select(c => new { c.Lines, c.ClientKey, c.ExpiresAt })
            .ToListAsync(ct);
        var holds = open
            .SelectMany(c => c.Lines.Select(l => (l.VariantId, l.Quantity, c.ClientKey, c.ExpiresAt)))
            .GroupBy(h => h.VariantId)
            .Select(g => (VariantId: g.Key, Held: g.Sum(h => h.Quantity), Checkouts: g.Count(), Clients: g.Select(h => h.ClientKey).Distinct().Count(),
                LastEnds: g.Max(h => h.ExpiresAt)))
            .ToList();
        if (holds.Count == 0)
            return [];
        var variants = await catalog.GetVariantsAsync(holds.Select(h => h.VariantId).ToList(), ct);
        return holds
            .Where(h => variants.TryGetValue(h.VariantId, out var v) && v.TrackStock && h.Held > Math.Max(0, v.Available))
            .Select(h =>
            {
                var v = variants[h.VariantId];
                return new HeldVariant(h.VariantId, v.ProductName, v.VariantName, v.Sku, h.Held, Math.Max(0, v.Available), h.Checkouts, h.Clients, h.LastEnds);
            })
            .OrderByDescending(h => h.Held)
            .ToList();
    }

    public async Task<IReadOnlyList<RefusedPayment>> RefusedAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - RefusedShownFor;
        return await db.Checkouts.AsNoTracking()
            .Where(c => c.ProblemAt > since)
            .OrderByDescending(c => c.ProblemAt)
            .Take(200)
            .Select(c => new RefusedPayment(c.Id, c.ProblemAt!.Value, c.Problem ?? "", c.ProblemRefundId))
            .ToListAsync(ct);
    }
}
