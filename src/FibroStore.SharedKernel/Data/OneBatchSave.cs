namespace FibroStore.SharedKernel.Data;

/// <summary>
/// Saving a few rows with one round trip fewer. EF wraps a save of more than one statement in a transaction of its
/// own, and its COMMIT is one more trip to the database. Npgsql sends the statements of one save as one batch, and
/// PostgreSQL runs a batch (statements up to one Sync) as one implicit transaction: all or nothing without it.
/// </summary>
public static class OneBatchSave
{
    /// <summary>
    /// Saves what <paramref name="db"/> tracks as one all-or-nothing batch. Only for changes far fewer than EF's batch
    /// size, which it would split; a caller inside a transaction of its own stays in it.
    /// </summary>
    public static async Task<int> SaveAsOneBatchAsync(this DbContext db, CancellationToken ct)
    {
        var before = db.Database.AutoTransactionBehavior;
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            return await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoTransactionBehavior = before;
        }
    }
}
