using Npgsql;

namespace FibroStore.Catalog.Import;

/// <summary>
/// What both catalog imports answer when the catalog changed under them between the check and the save: nothing is
/// applied, and the staff member checks the file again.
/// </summary>
internal static class ImportConflicts
{
    /// <summary>The refusal for a failed save, or null when the failure is not a change made meanwhile.</summary>
    /// <param name="things">What a unique clash may concern, such as "product or SKU".</param>
    public static Refusal? For(DbUpdateException failure, string things) => failure switch
    {
        DbUpdateConcurrencyException =>
            Refusal.Conflict("A product in the file was changed by someone else while importing. Nothing was applied; check the file again."),
        _ when UniqueViolation.Is(failure, out _) =>
            Refusal.Conflict($"Someone saved a {things} from this file a moment ago. Nothing was applied; check the file again."),
        // Turning off backorder or tracking while checkouts hold more units than are on hand would oversell.
        { InnerException: PostgresException { SqlState: PostgresErrorCodes.CheckViolation } } =>
            Refusal.Conflict("An option in the file would stop allowing backorder while open checkouts hold more units than are on hand. Nothing was applied."),
        _ => null,
    };
}
