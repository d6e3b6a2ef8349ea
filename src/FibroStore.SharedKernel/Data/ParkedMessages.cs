namespace FibroStore.SharedKernel.Data;

/// <summary>An outbox message that failed too often and waits for an admin.</summary>
public sealed record ParkedMessage(string Schema, Guid Id, string Type, DateTimeOffset OccurredAt, DateTimeOffset ParkedAt,
    int Attempts, string? LastError);

/// <summary>The parked messages of every module's outbox, for the staff page that shows and retries them.</summary>
public interface IParkedMessages
{
    Task<long> CountAsync(CancellationToken ct);

    /// <summary>The most recently parked first.</summary>
    Task<IReadOnlyList<ParkedMessage>> ListAsync(int max, CancellationToken ct);

    /// <summary>
    /// Puts a parked message back in line with a fresh count of attempts, inside <paramref name="db"/>'s transaction (so
    /// the caller's audit row is written with it). False when there is no such parked message (already retried).
    /// </summary>
    Task<bool> RetryAsync(DbContext db, string schema, Guid id, DateTimeOffset now, CancellationToken ct);
}

internal sealed class ParkedMessages(IEnumerable<IModuleDatabase> modules, NpgsqlDataSource dataSource) : IParkedMessages
{
    // Schemas come from the modules' registrations, never from input.
    private readonly string[] schemas = modules.Select(m => m.Schema).Distinct().Order(StringComparer.Ordinal).ToArray();

    public async Task<long> CountAsync(CancellationToken ct)
    {
        var sql = "SELECT " + string.Join(" + ", schemas.Select(s =>
            $"(SELECT count(*) FROM \"{s}\".outbox_messages WHERE parked_at IS NOT NULL AND processed_at IS NULL)"));
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<ParkedMessage>> ListAsync(int max, CancellationToken ct)
    {
        var sql = string.Join(" UNION ALL ", schemas.Select(s =>
            $"(SELECT '{s}', id, type, occurred_at, parked_at, attempts, last_error FROM \"{s}\".outbox_messages " +
            "WHERE parked_at IS NOT NULL AND processed_at IS NULL ORDER BY parked_at DESC LIMIT @max)")) +
            " ORDER BY 5 DESC, 2 LIMIT @max";
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("max", max);
        var parked = new List<ParkedMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            parked.Add(new ParkedMessage(reader.GetString(0), reader.GetGuid(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        return parked;
    }

    public async Task<bool> RetryAsync(DbContext db, string schema, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var known = schemas.FirstOrDefault(s => s == schema);
        if (known is null) return false;
#pragma warning disable EF1003 // The schema is one of the registered modules', checked above.
        var changed = await db.Database.ExecuteSqlRawAsync(
            $"UPDATE \"{known}\".outbox_messages SET parked_at = NULL, attempts = 0, next_attempt_at = {{0}}, claimed_until = NULL " +
            "WHERE id = {1} AND parked_at IS NOT NULL AND processed_at IS NULL", [now, id], ct);
#pragma warning restore EF1003
        return changed == 1;
    }
}
