using Npgsql;

namespace FibroStore.Hostile.Tests;

/// <summary>
/// Tells which tables a request wrote to: rows added, changed or removed. PostgreSQL gives a transaction id only to
/// transactions that write, so when the next id to be given out has not moved, nothing was written and no table need
/// be read; otherwise a table was written to when its row count changed or a row in it carries a transaction id
/// given out since the last look (an insert or an update writes the row anew with its own transaction's id).
/// </summary>
public sealed class WriteWatch : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly List<string> tables = [];
    private long lastXmax;
    private Dictionary<string, long> lastCounts = [];

    private WriteWatch(NpgsqlConnection connection) => this.connection = connection;

    public static async Task<WriteWatch> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = new WriteWatch(connection);
        await using (var list = new NpgsqlCommand("""
            SELECT table_schema || '.' || table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name NOT LIKE '\_\_%'
            ORDER BY 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                watch.tables.Add(reader.GetString(0));
        await watch.ResetAsync();
        return watch;
    }

    /// <summary>Takes the database as it is now as the state the next request is compared with.</summary>
    public async Task ResetAsync()
    {
        lastXmax = await NextTransactionIdAsync();
        lastCounts = (await ReadAsync(lastXmax)).ToDictionary(t => t.Table, t => t.Count, StringComparer.Ordinal);
    }

    /// <summary>
    /// The tables written to since the last look (each as "schema.table"), with how their row counts moved; the
    /// database as it is now becomes the state the next look is compared with.
    /// </summary>
    public async Task<IReadOnlyList<TableWrite>> AfterAsync()
    {
        var xmax = await NextTransactionIdAsync();
        if (xmax == lastXmax)
            return [];
        var now = await ReadAsync(lastXmax);
        var written = now
            .Where(t => t.Written > 0 || t.Count != lastCounts.GetValueOrDefault(t.Table))
            .Select(t => new TableWrite(t.Table, lastCounts.GetValueOrDefault(t.Table), t.Count))
            .ToList();
        lastXmax = xmax;
        lastCounts = now.ToDictionary(t => t.Table, t => t.Count, StringComparer.Ordinal);
        return written;
    }

    private async Task<long> NextTransactionIdAsync()
    {
        await using var command = new NpgsqlCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Each table's row count, and how many of its rows were written by transactions from <paramref name="since"/> on.</summary>
    private async Task<List<(string Table, long Count, long Written)>> ReadAsync(long since)
    {
        // A row's xmin is the low 32 bits of the 64-bit transaction id; a test cluster never gets near wrapping it.
        var low = since % 4_294_967_296L;
        var sql = string.Join(" UNION ALL ", tables.Select(t =>
            $"SELECT '{t}', count(*), count(*) FILTER (WHERE xmin::text::bigint >= {low}) FROM \"{t.Split('.')[0]}\".\"{t.Split('.')[1]}\""));
        var rows = new List<(string, long, long)>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return rows;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

/// <summary>A table a request wrote to, and its row count before and after.</summary>
public sealed record TableWrite(string Table, long Before, long After)
{
    public string Schema => Table.Split('.')[0];

    public override string ToString() => Before == After ? $"{Table} (rows changed)" : $"{Table} {Before} -> {After}";
}
