using Npgsql;

namespace FibroStore.TestKit;

/// <summary>
/// A fresh, empty database on the throwaway PostgreSQL that scripts/test.sh starts (FIBRO_TEST_PG).
/// Each factory gets its own, so test classes never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("FIBRO_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "FIBRO_TEST_PG is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL and sets it.");

    public static Task<TestDatabase> CreateAsync() => CreateAsync(AdminConnectionString);

    /// <summary>A fresh database on the server of <paramref name="adminConnectionString"/> (a test's own cluster).</summary>
    public static async Task<TestDatabase> CreateAsync(string adminConnectionString)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new TestDatabase(adminConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            // A server process the test role may not end (autovacuum on a developer's own cluster) is still attached.
            // The whole cluster is thrown away after the run, so an undropped database costs nothing.
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                if (attempt == 5) return;
                await Task.Delay(200 * attempt);
            }
        }
    }
}
