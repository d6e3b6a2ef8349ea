namespace FibroStore.SiteServices.Throttle;

internal sealed class PgRequestThrottle(NpgsqlDataSource dataSource, ThrottleKeys keys, TimeProvider clock) : IRequestThrottle
{
    public async Task<bool> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var hashed = Hash(key);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One batch, one round trip: PostgreSQL runs a batch's statements as one transaction, which holds the key's
        // lock to its end, so two racing requests cannot both take the last place.
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in (string[])[
                     "SELECT pg_advisory_xact_lock(hashtext(@key))",
                     "DELETE FROM siteservices.throttle_hits WHERE key = @key AND at <= @since",
                     "INSERT INTO siteservices.throttle_hits (key, at) SELECT @key, @now WHERE (SELECT count(*) FROM siteservices.throttle_hits WHERE key = @key) < @limit",
                 ])
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("key", hashed);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("since", now - window);
            command.Parameters.AddWithValue("limit", (long)limit);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
        return batch.BatchCommands[^1].RecordsAffected == 1;
    }

    public async Task<TimeSpan> RetryAfterAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // There is room again once the limit-th newest attempt in the window has left it.
        await using var command = Command(connection, null,
            "SELECT at FROM siteservices.throttle_hits WHERE key = @key AND at > @since ORDER BY at DESC OFFSET @skip LIMIT 1",
            Hash(key), now, window);
        command.Parameters.AddWithValue("skip", Math.Max(0, limit - 1));
        var oldest = await command.ExecuteScalarAsync(ct);
        if (oldest is not DateTime at)
            return TimeSpan.Zero;
        var wait = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) + window - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    public async Task ResetAsync(string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Execute(connection, null, "DELETE FROM siteservices.throttle_hits WHERE key = @key", Hash(key), clock.GetUtcNow(), TimeSpan.Zero, ct);
    }

    private string Hash(string key) => keys.Hash(key);

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, string key,
        DateTimeOffset now, TimeSpan window, CancellationToken ct)
    {
        await using var command = Command(connection, tx, sql, key, now, window);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, string key,
        DateTimeOffset now, TimeSpan window)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("since", now - window);
        return command;
    }
}
