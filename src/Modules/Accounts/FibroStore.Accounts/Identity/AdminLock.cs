namespace FibroStore.Accounts.Identity;

/// <summary>
/// Serializes every change to who is an admin (first-admin setup, role edits) across all instances of the store,
/// so two concurrent requests cannot both pass an "is there an admin?" check. Held until the transaction ends.
/// </summary>
internal static class AdminLock
{
    // Any fixed number works; it only has to be the same for every instance.
    private const long Key = 0x4669627241646D;

    public static async Task TakeAsync(AccountsDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("The admin lock lasts for a transaction; begin one first.");
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Key})", ct);
    }
}
