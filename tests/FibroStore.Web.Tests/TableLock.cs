namespace FibroStore.Web.Tests;

/// <summary>
/// An exclusive lock on one table, held by a transaction of its own until <see cref="ReleaseAsync"/>: every request
/// that reads the table waits, holding whatever it had taken (a pooled connection, a turn) meanwhile.
/// </summary>
internal sealed class TableLock : IAsyncDisposable
{
    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        (Connection, Transaction) = (connection, transaction);

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    public static async Task<TableLock> TakeAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        // The table name is the test's own constant, never input.
        await using (var take = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection, transaction))
            await take.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    public Task ReleaseAsync() => Transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
