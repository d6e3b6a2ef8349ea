using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace FibroStore.SharedKernel.Data;

/// <summary>The <c>Database</c> section: how this instance uses its share of PostgreSQL's connections.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The pool size when the connection string names none (Npgsql's own default of 100 is too many for one instance).</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>How long a request waits for a pooled connection before it is answered 503.</summary>
    public int PoolWaitSeconds { get; set; } = 5;

    /// <summary>Seconds of silence before an idle connection is checked with a keepalive query, so a dead server is noticed.</summary>
    public int KeepaliveSeconds { get; set; } = 15;

    /// <summary>Connections older than this are closed when they return to the pool, so a failover or restart is followed.</summary>
    public int ConnectionLifetimeSeconds { get; set; } = 300;

    /// <summary>
    /// Statements each pooled connection keeps prepared (Npgsql's automatic preparation: a statement run often enough
    /// is prepared, so PostgreSQL stops planning it on every run). The store benchmark measured signed-in pages, search
    /// and the cart 30-75 % faster with 64 than with none. 0 turns it off; a connection string's own value wins.
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 64;
}

/// <summary>
/// The one <see cref="NpgsqlDataSource"/> every module's DbContext and every raw query shares, so the connection
/// budget written in the README is the whole of what one instance can open (plus its one signal listener).
/// </summary>
public static class StoreDataSource
{
    public static NpgsqlDataSource Build(string connectionString, IConfiguration configuration) =>
        new NpgsqlDataSourceBuilder(Configure(connectionString, configuration, pooled: true)).Build();

    /// <summary>
    /// The cluster signal listener's own connection: outside the pool, so holding it open never takes a request's
    /// connection, and counted as one more in the budget.
    /// </summary>
    public static NpgsqlDataSource BuildListener(string connectionString, IConfiguration configuration) =>
        new NpgsqlDataSourceBuilder(Configure(connectionString, configuration, pooled: false)).Build();

    internal static string Configure(string connectionString, IConfiguration configuration, bool pooled)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Npgsql's Timeout is both the connect timeout and the wait for a free pooled connection.
            Timeout = options.PoolWaitSeconds,
            KeepAlive = options.KeepaliveSeconds,
            ConnectionLifetime = options.ConnectionLifetimeSeconds,
        };
        if (options.MaxAutoPrepare > 0 && !Names(connectionString, "MaxAutoPrepare"))
            builder.MaxAutoPrepare = options.MaxAutoPrepare;
        // A connection back in the pool is not reset: the store keeps no session state on one (its settings and locks
        // are per transaction; the migration lock is released by name), and the reset's seven statements ahead of
        // every borrowed connection's first query were a sixth of PostgreSQL's time when adding to a cart.
        if (!Names(connectionString, "NoResetOnClose"))
            builder.NoResetOnClose = true;
        if (!pooled)
            builder.Pooling = false;
        else if (!Names(connectionString, "MaximumPoolSize", "MaxPoolSize"))
            builder.MaxPoolSize = DatabaseOptions.DefaultMaxPoolSize;
        return builder.ConnectionString;
    }

    /// <summary>Whether the connection string sets one of these keys, written with or without spaces.</summary>
    private static bool Names(string connectionString, params string[] keys)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.Keys.Cast<string>().Any(key =>
            keys.Contains(key.Replace(" ", "", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase));
    }
}
