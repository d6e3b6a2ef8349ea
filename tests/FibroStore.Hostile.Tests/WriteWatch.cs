using Npgsql;

namespace FibroStore.Hostile.Tests;

/// <summary>
/// Tells whether a request wrote to the database, and which tables' row counts it changed. PostgreSQL gives a
/// transaction id only to transactions that write, so when the next id to be given out has not moved, nothing
/// was written and the row counts need not be read at all.
/// </summary>
public sealed class WriteWatch : IAsyncDisposable
{
    /// <summary>Tables a refused request may still add to: attempts counted for rate limits.</summary>
    public static readonly HashSet<string> MayChangeWhenRefused = new(StringComparer.Ordinal)
    {
        "backoffice.throttle_hits",
    };

    private readonly NpgsqlConnection connection;
    private string countSql = "";
    private long lastXmax;
    private Dictionary<string, long> lastCounts = [];

    private WriteWatch(NpgsqlConnection connection) => this.connection = connection;

    public static async Task<WriteWatch> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = new WriteWatch(connection);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT table_schema || '.' || table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name NOT LIKE '\_\_%'
            ORDER BY 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        watch.countSql = string.Join(" UNION ALL ", tables.Select(t =>
            $"SELECT '{t}', count(*) FROM \"{t.Split('.')[0]}\".\"{t.Split('.')[1]}\""));
        await watch.ResetAsync();
        return watch;
    }

    /// <summary>Takes the database as it is now as the state the next request is compared with.</summary>
    public async Task ResetAsync()
    {
        lastXmax = await NextTransactionIdAsync();
        lastCounts = await CountsAsync();
    }

    /// <summary>
    /// After a request: when it was refused, the tables whose row counts it changed (beyond the allowed ones),
    /// else nothing. Either way the database as it is now becomes the state the next request is compared with.
    /// </summary>
    public async Task<IReadOnlyList<string>> AfterAsync(bool refused)
    {
        var xmax = await NextTransactionIdAsync();
        if (xmax == lastXmax)
            return [];
        var counts = await CountsAsync();
        var changed = refused
            ? counts.Where(c => !MayChangeWhenRefused.Contains(c.Key) && lastCounts.GetValueOrDefault(c.Key) != c.Value)
                .Select(c => $"{c.Key} {lastCounts.GetValueOrDefault(c.Key)} -> {c.Value}").ToList()
            : [];
        lastXmax = xmax;
        lastCounts = counts;
        return changed;
    }

    private async Task<long> NextTransactionIdAsync()
    {
        await using var command = new NpgsqlCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(countSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
