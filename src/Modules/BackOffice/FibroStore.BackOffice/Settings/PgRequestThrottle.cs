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
        await using var command = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(hashtext(@key));
            DELETE FROM backoffice.throttle_hits WHERE key = @key AND at <= @since;
            SELECT count(*) FROM backoffice.throttle_hits WHERE key = @key;
            """, connection, tx);
        command.Parameters.AddWithValue("key", hashed);
        command.Parameters.AddWithValue("since", now - window);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct);
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetInt64(0) >= limit)
                return false;
        }
        await using var insert = new NpgsqlCommand("INSERT INTO backoffice.throttle_hits (key, at) VALUES (@key, @now)", connection, tx);
        insert.Parameters.AddWithValue("key", hashed);
        insert.Parameters.AddWithValue("now", now);
        await insert.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
