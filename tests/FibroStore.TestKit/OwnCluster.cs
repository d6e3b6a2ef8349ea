using System.Diagnostics;
using Npgsql;

namespace FibroStore.TestKit;

/// <summary>
/// A PostgreSQL cluster of one test's own, started with the repository's scripts/pg.sh, for a test that must not share
/// the suite's server: one that restarts PostgreSQL, or one that runs several instances of the store as processes.
/// Stopped and deleted when disposed.
/// </summary>
public sealed class OwnCluster : IAsyncDisposable
{
    private readonly string folder;

    private OwnCluster(string folder, string storeConnectionString)
    {
        this.folder = folder;
        // pg.sh's role may create databases; each test database is made from the maintenance database.
        AdminConnectionString = new NpgsqlConnectionStringBuilder(storeConnectionString) { Database = "postgres" }.ConnectionString;
    }

    public string AdminConnectionString { get; }

    /// <summary>Starts a new cluster in a folder under /tmp with the server <paramref name="options"/> (pairs of <c>-c name=value</c>).</summary>
    public static async Task<OwnCluster> StartAsync(params string[] options)
    {
        // /tmp rather than $TMPDIR: when the tests run as root, the postgres user must reach the folder.
        var folder = Path.Combine("/tmp", "fibro-own-" + Guid.NewGuid().ToString("N")[..8]);
        // The last line pg_start prints is the connection string of the cluster's store database.
        var started = await PgScriptAsync(["start", folder, .. options]);
        return new OwnCluster(folder, started.Trim().Split('\n')[^1]);
    }

    /// <summary>A fresh database on this cluster.</summary>
    public Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync(AdminConnectionString);

    /// <summary>A fast restart, as an operator or a package upgrade does it: every client is disconnected.</summary>
    public Task RestartAsync() => PgScriptAsync(["restart", folder]);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await PgScriptAsync(["stop", folder]);
        Directory.Delete(folder, recursive: true);
        File.Delete(folder + ".port");
    }

    /// <summary>Runs scripts/pg.sh with <paramref name="args"/> and returns what it printed.</summary>
    private static async Task<string> PgScriptAsync(string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "pg.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/pg.sh {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }

    /// <summary>The repository's root, found from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FibroStore.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No FibroStore.sln above {AppContext.BaseDirectory}.");
    }
}
