namespace FibroStore.Ordering.Data;

/// <summary>
/// Row locks that make concurrent changes to one order or checkout queue up (staff actions, payment notices, the
/// return page). Each holds until the caller's transaction ends.
/// </summary>
internal static class OrderingLocks
{
    public static Task<Order?> LockOrderAsync(this OrderingDbContext db, long number, CancellationToken ct) =>
        LockAndLoadAsync(db, db.Orders.FromSqlInterpolated($"SELECT * FROM ordering.orders WHERE number = {number} FOR UPDATE"), ct);

    public static Task<Order?> LockOrderAsync(this OrderingDbContext db, Guid id, CancellationToken ct) =>
        LockAndLoadAsync(db, db.Orders.FromSqlInterpolated($"SELECT * FROM ordering.orders WHERE id = {id} FOR UPDATE"), ct);

    public static async Task<CheckoutAttempt?> LockCheckoutAsync(this OrderingDbContext db, Guid id, CancellationToken ct)
    {
        RequireTransaction(db);
        return await db.Checkouts.FromSqlInterpolated($"SELECT * FROM ordering.checkouts WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);
    }

    /// <summary>Locks the order's row, then loads the order with its lines; null when there is no such order.</summary>
    private static async Task<Order?> LockAndLoadAsync(OrderingDbContext db, IQueryable<Order> locking, CancellationToken ct)
    {
        RequireTransaction(db);
        var locked = await locking.IgnoreAutoIncludes().Select(o => o.Id).ToListAsync(ct);
        return locked.Count == 0 ? null : await db.Orders.SingleAsync(o => o.Id == locked[0], ct);
    }

    private static void RequireTransaction(OrderingDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Lock an order or checkout inside a transaction.");
    }
}
