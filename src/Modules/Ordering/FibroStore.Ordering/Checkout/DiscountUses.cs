namespace FibroStore.Ordering.Checkout;

/// <summary>
/// A code's usage limit, kept while payments are in flight: a checkout reserves a use when it starts (a conditional
/// update, so two checkouts cannot both take the last one), the reservation becomes a use when the order is paid,
/// and is given back when the checkout ends unpaid. Each step is one statement keyed on the checkout's
/// <c>discount_held</c> flag, so repeating it changes nothing.
/// </summary>
internal static class DiscountUses
{
    /// <summary>
    /// Takes one use of the code for a checkout about to be saved with <c>DiscountHeld</c>; false when none is left.
    /// Uses still held by checkouts whose payment page closed long ago without a word from the provider are given back
    /// first, so a lost expiry notice cannot keep a use away for good.
    /// </summary>
    public static async Task<bool> TryReserveAsync(this OrderingDbContext db, Guid codeId, DateTimeOffset now, CancellationToken ct)
    {
        var staleBefore = now - StartCheckout.HoldGrace;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH stale AS (
                UPDATE ordering.checkouts SET discount_held = false
                WHERE discount_code_id = {codeId} AND discount_held AND status = 'Open' AND expires_at < {staleBefore}
                RETURNING id)
            UPDATE ordering.discount_codes SET reserved = reserved - (SELECT count(*) FROM stale)::int
            WHERE id = {codeId} AND EXISTS (SELECT 1 FROM stale)
            """, ct);
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE ordering.discount_codes SET reserved = reserved + 1
            WHERE id = {codeId} AND (usage_limit IS NULL OR times_used + reserved < usage_limit)
            """, ct);
        return taken == 1;
    }

    /// <summary>The checkout ended unpaid (expired, cancelled, refused): its reserved use goes back, once.</summary>
    public static Task ReleaseDiscountAsync(this OrderingDbContext db, Guid checkoutId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH released AS (
                UPDATE ordering.checkouts SET discount_held = false WHERE id = {checkoutId} AND discount_held
                RETURNING discount_code_id)
            UPDATE ordering.discount_codes d SET reserved = d.reserved - 1
            FROM released WHERE d.id = released.discount_code_id
            """, ct);

    /// <summary>
    /// The order was paid: one use is counted, and the checkout's reservation (if it still holds one) becomes that use.
    /// Call once per paid order; the order's own once-only payment step guards it.
    /// </summary>
    public static Task CountDiscountUseAsync(this OrderingDbContext db, Guid checkoutId, Guid codeId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH held AS (
                UPDATE ordering.checkouts SET discount_held = false WHERE id = {checkoutId} AND discount_held
                RETURNING id)
            UPDATE ordering.discount_codes SET times_used = times_used + 1, reserved = reserved - (SELECT count(*) FROM held)::int
            WHERE id = {codeId}
            """, ct);
}
