using System.Diagnostics;
using Npgsql;

namespace FibroStore.Catalog.Tests;

/// <summary>
/// Each time a command of the watched work comes back from PostgreSQL (Npgsql's tracing ends its activity then, on
/// the work's own flow), asks from a connection of its own whether the variant's row could be locked at once. A row
/// still locked at that moment stays locked while the client takes its next turn, and every other buyer of it waits.
/// </summary>
internal sealed class VariantLockWatch : IDisposable
{
    private static readonly AsyncLocal<VariantLockWatch?> Watching = new();
    [ThreadStatic] private static bool checking;

    private readonly string connectionString;
    private readonly Guid variantId;
    private readonly ActivityListener listener;
    private readonly List<string> lockedAfter = [];
    private int checks;

    public VariantLockWatch(string connectionString, Guid variantId)
    {
        this.connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        this.variantId = variantId;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Watching.Value == this && !checking)
                    Check(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>How many of the work's commands were followed by a check.</summary>
    public int Checks => Volatile.Read(ref checks);

    /// <summary>The commands after which the row was still locked.</summary>
    public IReadOnlyList<string> LockedAfter
    {
        get { lock (lockedAfter) return [.. lockedAfter]; }
    }

    /// <summary>Runs <paramref name="work"/> with its commands watched.</summary>
    public async Task WatchAsync(Func<Task> work)
    {
        Watching.Value = this;
        try
        {
            await work();
        }
        finally
        {
            Watching.Value = null;
        }
    }

    private void Check(Activity command)
    {
        checking = true;
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var probe = new NpgsqlCommand("SELECT 1 FROM catalog.variants WHERE id = $1 FOR UPDATE NOWAIT", connection, transaction);
            probe.Parameters.Add(new NpgsqlParameter { Value = variantId });
            try
            {
                probe.ExecuteScalar();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                var text = command.GetTagItem("db.query.text") ?? command.GetTagItem("db.statement") ?? command.DisplayName;
                lock (lockedAfter) lockedAfter.Add($"{text}");
            }
            Interlocked.Increment(ref checks);
        }
        finally
        {
            checking = false;
        }
    }

    public void Dispose() => listener.Dispose();
}
