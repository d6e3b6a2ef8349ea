using FibroStore.SharedKernel.Data;

namespace FibroStore.Web.Tests;

/// <summary>A store whose outbox watcher looks only once, at start, so a test decides when messages are published.</summary>
public sealed class QuietOutboxStore : StoreFactory
{
    public QuietOutboxStore() => With("Outbox:PollMilliseconds", "600000");
}

public sealed class OutboxTests(QuietOutboxStore store) : IClassFixture<QuietOutboxStore>
{
    private Task<Guid> InsertAsync(string type, string payload) => InsertAsync(store, type, payload);

    /// <summary>Writes a due message into BackOffice's outbox the way a module's transaction would.</summary>
    internal static async Task<Guid> InsertAsync(StoreFactory store, string type, string payload)
    {
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO backoffice.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at)
            VALUES (@id, @type, @payload::jsonb, now(), 0, now() - interval '1 second')
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private Task<(DateTime? Processed, int Attempts, DateTime NextAttempt, string? Error)> ReadAsync(Guid id) => ReadAsync(store, id);

    internal static async Task<(DateTime? Processed, int Attempts, DateTime NextAttempt, string? Error)> ReadAsync(StoreFactory store, Guid id)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT processed_at, attempts, next_attempt_at, last_error FROM backoffice.outbox_messages WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : reader.GetDateTime(0), reader.GetInt32(1), reader.GetDateTime(2),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    [Fact]
    public async Task A_message_that_fails_is_kept_and_retried_later_not_dropped()
    {
        var id = await InsertAsync("FibroStore.Nowhere.UnknownEvent, FibroStore.Nowhere", "{}");

        await store.DrainOutboxAsync();

        var row = await ReadAsync(id);
        Assert.Null(row.Processed);
        Assert.Equal(1, row.Attempts);
        Assert.True(row.NextAttempt > DateTime.UtcNow, "The next attempt should be scheduled in the future (backoff).");
        Assert.Contains("FibroStore.Nowhere", row.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_locked_by_another_instance_is_skipped_until_released()
    {
        var id = await InsertAsync(
            "FibroStore.SiteServices.Contracts.StaffActionAudited, FibroStore.SiteServices.Contracts",
            $$"""{"actorId":"u1","area":"settings","action":"test.locked","entityType":"Test","entityId":"1","before":null,"after":null,"at":"2026-01-01T00:00:00+00:00","eventId":"{{Guid.NewGuid()}}"}""");

        // Another instance has claimed the row and is still publishing it.
        await using (var other = new NpgsqlConnection(store.Database.ConnectionString))
        {
            await other.OpenAsync();
            await using var tx = await other.BeginTransactionAsync();
            await using (var claim = new NpgsqlCommand("SELECT id FROM backoffice.outbox_messages WHERE id = @id FOR UPDATE", other, tx))
            {
                claim.Parameters.AddWithValue("id", id);
                await claim.ExecuteScalarAsync();
            }
            // One pass of the processor, as a second instance would make it: it must pass over the claimed row.
            var backOffice = store.Services.GetServices<IModuleDatabase>().Single(m => m.Schema == "backoffice");
            await backOffice.ProcessOutboxAsync(store.Services, CancellationToken.None);
            Assert.Null((await ReadAsync(id)).Processed);
            await tx.RollbackAsync();
        }

        await store.DrainOutboxAsync();
        Assert.NotNull((await ReadAsync(id)).Processed);
    }

    [Fact]
    public async Task An_audit_event_delivered_twice_writes_one_audit_row()
    {
        var eventId = Guid.NewGuid();
        var payload = $$"""{"actorId":"u2","area":"settings","action":"test.twice","entityType":"Test","entityId":"2","before":null,"after":"{\"a\":1}","at":"2026-01-01T00:00:00+00:00","eventId":"{{eventId}}"}""";
        const string type = "FibroStore.SiteServices.Contracts.StaffActionAudited, FibroStore.SiteServices.Contracts";

        await InsertAsync(type, payload);
        await store.DrainOutboxAsync();
        await InsertAsync(type, payload);
        await store.DrainOutboxAsync();

        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM siteservices.audit_entries WHERE action = 'test.twice'", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Waking_an_outbox_again_and_again_throws_nothing_and_the_wake_publishes()
    {
        // Every committed message wakes its module's outbox, so under load most wakes find it already woken.
        var thrown = new List<Exception>();
        var thread = 0;
        void Record(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
                lock (thrown) thrown.Add(e.Exception);
        }
        var id = await InsertAsync(
            "FibroStore.SiteServices.Contracts.StaffActionAudited, FibroStore.SiteServices.Contracts",
            $$"""{"actorId":"u4","area":"settings","action":"test.woken","entityType":"Test","entityId":"4","before":null,"after":null,"at":"2026-01-01T00:00:00+00:00","eventId":"{{Guid.NewGuid()}}"}""");
        var backOffice = store.Services.GetServices<IModuleDatabase>().Single(m => m.Schema == "backoffice");

        // Wake is synchronous: whatever it throws, even caught, is thrown on the thread calling it (other tests run on others).
        thread = Environment.CurrentManagedThreadId;
        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            for (var i = 0; i < 5; i++)
                backOffice.WakeOutbox(store.Services);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        Assert.Empty(thrown);
        // This store's watcher looks only at start: the message is published because it was woken.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await ReadAsync(id)).Processed is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The woken outbox did not publish the message within 30 s.");
            await Task.Delay(100);
        }
    }
}

/// <summary>The store's own background work, with no test draining the outbox.</summary>
public sealed class OutboxWatcherTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_message_written_while_the_store_is_idle_is_found_and_published_by_the_store_itself()
    {
        // Long after start, so every processor is asleep waiting to be woken.
        await Task.Delay(500);
        var id = await OutboxTests.InsertAsync(store,
            "FibroStore.SiteServices.Contracts.StaffActionAudited, FibroStore.SiteServices.Contracts",
            $$"""{"actorId":"u3","area":"settings","action":"test.idle","entityType":"Test","entityId":"3","before":null,"after":null,"at":"2026-01-01T00:00:00+00:00","eventId":"{{Guid.NewGuid()}}"}""");

        // Only the store's own watcher and processors may publish it: nothing here drains the outbox.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await OutboxTests.ReadAsync(store, id)).Processed is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The idle store did not publish the message within 30 s.");
            await Task.Delay(100);
        }

        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM siteservices.audit_entries WHERE action = 'test.idle'", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
