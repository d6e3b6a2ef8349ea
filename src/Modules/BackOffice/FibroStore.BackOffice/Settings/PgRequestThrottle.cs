using System.Security.Cryptography;
using System.Text;
using FibroStore.BackOffice.Contracts;
using Npgsql;

namespace FibroStore.BackOffice.Settings;

internal sealed class PgRequestThrottle(NpgsqlDataSource dataSource, TimeProvider clock) : IRequestThrottle
{
    public async Task<bool> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var hashed = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
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

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, string key,
        DateTimeOffset now, TimeSpan window, CancellationToken ct)
    {
        await using var command = Command(connection, tx, sql, key, now, window);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, string key,
        DateTimeOffset now, TimeSpan window)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("since", now - window);
        return command;
    }
}
