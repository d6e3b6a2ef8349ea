using Microsoft.EntityFrameworkCore.Storage;

namespace FibroStore.SharedKernel.Data;

/// <summary>
/// Where the store retries a database failure, and where it does not.
/// <para>
/// Module DbContexts keep EF's default strategy, which never replays. A write whose connection broke during its commit
/// has an unknown outcome: replaying it could place an order or post a reply twice, and a retrying default strategy
/// would also forbid the user-initiated transactions the modules open (or replay their whole body, payment refunds
/// included). Such a request is answered 503 instead (see <see cref="IsUnavailable"/>), and the form or checkout id
/// it carries makes sending it again safe.
/// </para>
/// <para>
/// Reads and background claims are safe to run again, so they go through <see cref="ForReads"/>: EF's Npgsql retrying
/// strategy, which waits out a restart of a few seconds instead of failing.
/// </para>
/// </summary>
public static class DatabaseRetry
{
    private const int MaxRetries = 4;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    // Besides Npgsql's transient errors: the server shutting down under us (administrator command, crash of another
    // backend). These end the connection before any commit, so a read may simply run again.
    private static readonly string[] RestartCodes =
    [
        PostgresErrorCodes.AdminShutdown, PostgresErrorCodes.CrashShutdown, PostgresErrorCodes.CannotConnectNow,
    ];

    /// <summary>
    /// EF's Npgsql retrying strategy for work that may run again from the start: a query, or a background claim
    /// whose statement commits on its own. Never for a request's writes.
    /// </summary>
    public static IExecutionStrategy ForReads(DbContext db) =>
        new Npgsql.EntityFrameworkCore.PostgreSQL.NpgsqlRetryingExecutionStrategy(db, MaxRetries, MaxDelay, RestartCodes);

    /// <summary>Runs a read on <paramref name="db"/>, again from the start after a transient failure.</summary>
    public static Task<T> ReadAsync<TContext, T>(this TContext db, Func<TContext, CancellationToken, Task<T>> read, CancellationToken ct)
        where TContext : DbContext =>
        ForReads(db).ExecuteAsync(db, (context, token) => read(context, token), ct);

    /// <summary>
    /// True when the database could not be used (no pooled connection free in time, the server restarting or
    /// unreachable, a connection broken mid-request): the request is answered 503 with Retry-After, not 500.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
                return postgres.IsTransient || Array.IndexOf(RestartCodes, postgres.SqlState) >= 0;
            if (current is NpgsqlException { IsTransient: true })
                return true;
        }
        return false;
    }
}
