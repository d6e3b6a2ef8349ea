using Npgsql;

namespace FibroStore.Catalog.Data;

internal static class UniqueViolation
{
    /// <summary>True when saving broke a unique index (two staff members picked the same SKU or slug at once).</summary>
    public static bool Is(DbUpdateException ex, out string? constraint)
    {
        constraint = (ex.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation } pg ? pg.ConstraintName : null;
        return constraint is not null;
    }
}
