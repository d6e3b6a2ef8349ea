using System.Collections.Concurrent;
using System.Globalization;

namespace FibroStore.Web.Tests;

/// <summary>
/// One outbox pass publishes messages with different sequence keys side by side, and keeps each key's messages in
/// order. The relay holds every delivery until a second one is in progress (or a few seconds pass), so it can tell
/// whether two were ever sent at once.
/// </summary>
public sealed class OutboxLanesTests : IAsyncLifetime
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(3);
    private readonly ConcurrentQueue<string> arrivals = new();
    private readonly ScriptedSmtp relay;
    private readonly StoreFactory store = new();
    private int inProgress;
    private int mostInProgress;

    public OutboxLanesTests() => relay = new ScriptedSmtp(HoldUntilAnotherArrivesAsync);

    private async Task HoldUntilAnotherArrivesAsync(string to, int number, CancellationToken ct)
    {
        arrivals.Enqueue(to);
        var now = Interlocked.Increment(ref inProgress);
        lock (arrivals) mostInProgress = Math.Max(mostInProgress, now);
        try
        {
            var until = DateTime.UtcNow + Hold;
            while (Volatile.Read(ref inProgress) < 2 && DateTime.UtcNow < until)
                await Task.Delay(20, ct);
            // Long enough for a wrongly parallel send to the same person to overlap this one.
            await Task.Delay(100, ct);
        }
        finally
        {
            Interlocked.Decrement(ref inProgress);
        }
    }

    public Task InitializeAsync() =>
        store.With("Smtp:Port", relay.Port.ToString(CultureInfo.InvariantCulture))
            .With("Outbox:PollMilliseconds", "600000")
            .With("Outbox:Parallelism", "4")
            .InitializeAsync();

    /// <summary>
    /// Writes a test's messages in one transaction, as a module writes what one change sends: the store's own processor,
    /// still making its first pass after start-up, claims all of them or none. Written one by one, it could claim the
    /// first alone while the test's drain claimed the rest, and the lanes order only what one claim holds (see the
    /// README, <c>Outbox__Parallelism</c>).
    /// </summary>
    private async Task<T> InOneTransactionAsync<T>(Func<NpgsqlConnection, Task<T>> write)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var written = await write(connection);
        await transaction.CommitAsync();
        return written;
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)store).DisposeAsync();
        await relay.DisposeAsync();
    }

    [Fact]
    public async Task Different_peoples_emails_go_out_side_by_side_and_each_persons_in_the_order_written()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        string Person(int n) => $"lane-{n}-{run}@example.org";
        var ids = await InOneTransactionAsync(async connection =>
        {
            var written = new List<(string To, Guid Id)>();
            for (var i = 0; i < 9; i++)
            {
                var to = Person(i % 3);
                written.Add((to, await OutboxRows.InsertEmailAsync(connection, to, order: i)));
            }
            return written;
        });

        await store.DrainOutboxAsync();

        Assert.Equal(9, arrivals.Count(a => a.Contains(run, StringComparison.Ordinal)));
        Assert.True(mostInProgress >= 2, $"At most {mostInProgress} delivery was in progress at once: the outbox sent one message at a time.");
        Assert.Equal(1, relay.MostAtOnce);
        foreach (var person in ids.GroupBy(m => m.To))
        {
            var processed = new List<DateTime>();
            foreach (var (_, id) in person)
                processed.Add((await OutboxRows.ReadAsync(store, id)).Processed ?? throw new InvalidOperationException($"{id} was not sent."));
            Assert.Equal(processed.Order().ToList(), processed);
        }
    }

    [Fact]
    public async Task A_message_without_a_sequence_key_waits_for_everything_before_it_and_holds_back_what_follows()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var (before, unkeyed, after) = await InOneTransactionAsync(async connection => (
            await OutboxRows.InsertEmailAsync(connection, $"before-{run}@example.org", order: 0),
            await InsertAuditAsync(connection, order: 1),
            await OutboxRows.InsertEmailAsync(connection, $"after-{run}@example.org", order: 2)));

        await store.DrainOutboxAsync();

        var first = (await OutboxRows.ReadAsync(store, before)).Processed;
        var middle = (await OutboxRows.ReadAsync(store, unkeyed)).Processed;
        var last = (await OutboxRows.ReadAsync(store, after)).Processed;
        Assert.NotNull(first);
        Assert.NotNull(middle);
        Assert.NotNull(last);
        Assert.True(first < middle && middle < last, $"Published at {first:O}, {middle:O}, {last:O}: not in the order written.");
    }

    /// <summary>A staff action's audit event (it has no sequence key), in Accounts' outbox between two emails.</summary>
    private static async Task<Guid> InsertAuditAsync(NpgsqlConnection connection, int order)
    {
        var id = Guid.NewGuid();
        await using var command = new NpgsqlCommand("""
            INSERT INTO accounts.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at)
            VALUES (@id, 'FibroStore.SiteServices.Contracts.StaffActionAudited, FibroStore.SiteServices.Contracts', @payload::jsonb,
                    now() + make_interval(secs => @order / 1000.0), 0, now() - interval '1 second')
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("payload",
            $$"""{"actorId":"u1","area":"settings","action":"test.lanes","entityType":"Test","entityId":"1","before":null,"after":null,"at":"2026-01-01T00:00:00+00:00","eventId":"{{id}}"}""");
        command.Parameters.AddWithValue("order", order);
        await command.ExecuteNonQueryAsync();
        return id;
    }
}
