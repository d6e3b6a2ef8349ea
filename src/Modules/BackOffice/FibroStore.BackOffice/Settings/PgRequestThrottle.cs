using FibroStore.BackOffice.Contracts;
using Npgsql;

namespace FibroStore.BackOffice.Settings;

internal sealed class PgRequestThrottle(NpgsqlDataSource dataSource, ThrottleKeys keys, TimeProvider clock) : IRequestThrottle
{
    public async Task<bool> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var hashed = Hash(key);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // One key's attempts are counted one at a time, so two racing requests cannot both take the last place.
        await Execute(connection, tx, "SELECT pg_advisory_xact_lock(hashtext(@key))", hashed, now, window, ct);
        await Execute(connection, tx, "DELETE FROM backoffice.throttle_hits WHERE key = @key AND at <= @since", hashed, now, window, ct);
        await using (var count = Command(connection, tx, "SELECT count(*) FROM backoffice.throttle_hits WHERE key = @key", hashed, now, window))
        {
            if ((long)(await count.ExecuteScalarAsync(ct))! >= limit)
                return false;
        }
        await Execute(connection, tx, "INSERT INTO backoffice.throttle_hits (key, at) VALUES (@key, @now)", hashed, now, window, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<TimeSpan> RetryAfterAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // There is room again once the limit-th newest attempt in the window has left it.
        await using var command = Command(connection, null,
            "SELECT at FROM backoffice.throttle_hits WHERE key = @key AND at > @since ORDER BY at DESC OFFSET @skip LIMIT 1",
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
        await Execute(connection, null, "DELETE FROM backoffice.throttle_hits WHERE key = @key", Hash(key), clock.GetUtcNow(), TimeSpan.Zero, ct);
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
