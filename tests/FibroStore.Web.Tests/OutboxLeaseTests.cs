using System.Globalization;
using System.Text.Json;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Email;
using FibroStore.SharedKernel.Security;

namespace FibroStore.Web.Tests;

/// <summary>Writes outbox rows the way a module's transaction would, and reads them back.</summary>
internal static class OutboxRows
{
    public static async Task<Guid> InsertEmailAsync(StoreFactory store, string to, string schema = "accounts", int order = 0)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        return await InsertEmailAsync(connection, to, schema, order);
    }

    /// <summary>On the caller's connection, so several rows can be written in one transaction, as a module writes them.</summary>
    public static async Task<Guid> InsertEmailAsync(NpgsqlConnection connection, string to, string schema = "accounts", int order = 0)
    {
        var message = new EmailMessage(to, $"Outbox test for {to}", $"<p>Hello {to}</p>", $"Hello {to}");
        var @event = new EmailRequested(message);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO "{schema}".outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at)
            VALUES (@id, @type, @payload::jsonb, now() + make_interval(secs => @order / 1000.0), 0, now() - interval '1 second')
            """, connection);
        command.Parameters.AddWithValue("id", @event.EventId);
        command.Parameters.AddWithValue("type", $"{typeof(EmailRequested).FullName}, {typeof(EmailRequested).Assembly.GetName().Name}");
        command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(@event, OutboxJson.Options));
        command.Parameters.AddWithValue("order", order);
        await command.ExecuteNonQueryAsync();
        return @event.EventId;
    }

    public sealed record Row(DateTime? Processed, int Attempts, DateTime NextAttempt, string? Error, DateTime? ClaimedUntil, DateTime? Parked);

    public static async Task<Row> ReadAsync(StoreFactory store, Guid id, string schema = "accounts")
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT processed_at, attempts, next_attempt_at, last_error, claimed_until, parked_at FROM \"{schema}\".outbox_messages WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"Outbox message {id} is missing.");
        DateTime? Maybe(int i) => reader.IsDBNull(i) ? null : reader.GetDateTime(i);
        return new Row(Maybe(0), reader.GetInt32(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetString(3), Maybe(4), Maybe(5));
    }

    /// <summary>Lets the backoff pass at once, as if its time had come.</summary>
    public static async Task MakeDueAsync(StoreFactory store, Guid id, string schema = "accounts")
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"UPDATE \"{schema}\".outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Publishes until the message has been tried <paramref name="attempts"/> times (the store's own processor may take a turn too).</summary>
    public static async Task<Row> PublishUntilAttemptsAsync(StoreFactory store, Guid id, int attempts, string schema = "accounts")
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await store.PublishDueOutboxAsync();
            var row = await ReadAsync(store, id, schema);
            if (row.Attempts >= attempts || row.Processed is not null)
                return row;
            Assert.True(DateTime.UtcNow < deadline, $"Message {id} was tried {row.Attempts} times, not {attempts}, within 90 s.");
            await Task.Delay(100);
        }
    }
}

/// <summary>An SMTP relay that takes the connection and then never answers, and a store whose outbox lease is 3 seconds.</summary>
public sealed class OutboxTimeoutTests : IAsyncLifetime
{
    private readonly ScriptedSmtp relay = new(silent: true);
    private readonly StoreFactory store = new();

    public Task InitializeAsync() =>
        // MailKit would wait a minute; the outbox stops the handler before its 3-second lease can run out.
        store.With("Smtp:Port", relay.Port.ToString(CultureInfo.InvariantCulture))
            .With("Smtp:TimeoutSeconds", "60")
            .With("Outbox:LeaseSeconds", "3")
            .With("Outbox:PollMilliseconds", "600000")
            .InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)store).DisposeAsync();
        await relay.DisposeAsync();
    }

    [Fact]
    public async Task A_handler_that_times_out_counts_as_a_failure_and_is_retried_later_with_a_longer_wait()
    {
        var id = await OutboxRows.InsertEmailAsync(store, $"slow-{Guid.NewGuid():N}@example.org");

        var started = DateTime.UtcNow;
        var first = await OutboxRows.PublishUntilAttemptsAsync(store, id, 1);
        Assert.Null(first.Processed);
        Assert.Equal(1, first.Attempts);
        Assert.Null(first.ClaimedUntil);
        Assert.Null(first.Parked);
        Assert.Contains("did not finish", first.Error, StringComparison.Ordinal);
        Assert.True(first.NextAttempt > started.AddSeconds(5), "The next attempt should wait (backoff), not follow at once.");

        await OutboxRows.MakeDueAsync(store, id);
        var before = DateTime.UtcNow;
        var second = await OutboxRows.PublishUntilAttemptsAsync(store, id, 2);
        Assert.Equal(2, second.Attempts);
        Assert.Null(second.Processed);
        // The wait doubles: about 10 s after the first failure, about 20 s after the second.
        Assert.True(second.NextAttempt - before > first.NextAttempt - started,
            $"Backoff should grow: {(first.NextAttempt - started).TotalSeconds:0.0} s then {(second.NextAttempt - before).TotalSeconds:0.0} s.");
    }
}

/// <summary>A store that parks a message after 3 failures, and never looks at the outbox by itself after start.</summary>
public sealed class ParkingStore : StoreFactory
{
    public ParkingStore()
    {
        With("Outbox:MaxAttempts", "3");
        With("Outbox:PollMilliseconds", "600000");
    }
}

public sealed class OutboxParkingTests(ParkingStore store) : IClassFixture<ParkingStore>
{
    [Fact]
    public async Task A_poison_message_is_parked_after_its_attempts_shown_to_admins_and_retried_with_an_audit_row()
    {
        var id = await OutboxTests.InsertAsync(store, "FibroStore.Nowhere.RenamedEvent, FibroStore.Nowhere", "{}");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var row = await OutboxRows.PublishUntilAttemptsAsync(store, id, attempt, "backoffice");
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal(attempt == 3, row.Parked is not null);
            await OutboxRows.MakeDueAsync(store, id, "backoffice");
        }

        // Parked: its backoff has passed, and still nobody tries it again.
        await store.PublishDueOutboxAsync();
        var parked = await OutboxRows.ReadAsync(store, id, "backoffice");
        Assert.Equal(3, parked.Attempts);
        Assert.NotNull(parked.Parked);
        Assert.Contains("FibroStore.Nowhere.RenamedEvent", parked.Error, StringComparison.Ordinal);

        var (admin, adminId) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var home = await admin.GetPageAsync("/staff");
        Assert.Contains("1 background message on hold after failing", home, StringComparison.Ordinal);
        var page = await admin.GetPageAsync("/staff/messages");
        Assert.Contains("Renamed event", page, StringComparison.Ordinal);
        Assert.Contains("does not exist in this version of the store", page, StringComparison.Ordinal);

        // Editors and merchandisers neither see the count nor reach the page.
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        Assert.DoesNotContain("on hold", await editor.GetPageAsync("/staff"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/staff/messages")).StatusCode);

        // The settings page lends its form token: the list has no form while nothing is on hold.
        var retry = await admin.PostFormAsync("/staff/settings", new Dictionary<string, string>(),
            action: $"/staff/messages?handler=Retry&module=backoffice&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        var back = await OutboxRows.ReadAsync(store, id, "backoffice");
        Assert.Null(back.Parked);
        Assert.Equal(0, back.Attempts);
        var after = await admin.GetPageAsync("/staff/messages");
        Assert.Contains("No messages are on hold.", after, StringComparison.Ordinal);
        Assert.Contains("The message is back in line", after, StringComparison.Ordinal);
        // What the page says comes from the action, carried over the redirect; the address cannot make it say anything.
        Assert.DoesNotContain("Call this number", await admin.GetPageAsync("/staff/messages?done=Call+this+number"), StringComparison.Ordinal);

        // Back in line: the processor tries it again, and the retry itself is in the audit log.
        var tried = await OutboxRows.PublishUntilAttemptsAsync(store, id, 1, "backoffice");
        Assert.Equal(1, tried.Attempts);
        Assert.Null(tried.Parked);
        await store.DrainOutboxAsync();
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var audit = new NpgsqlCommand(
            "SELECT count(*) FROM siteservices.audit_entries WHERE action = 'outbox-message.retried' AND entity_id = @id AND actor_id = @actor", connection);
        audit.Parameters.AddWithValue("id", id.ToString());
        audit.Parameters.AddWithValue("actor", adminId);
        Assert.Equal(1L, await audit.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Retrying_a_message_that_is_not_parked_changes_nothing()
    {
        var id = await OutboxTests.InsertAsync(store, "FibroStore.Nowhere.OtherEvent, FibroStore.Nowhere", "{}");
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);

        // The settings page lends its form token: the list has no form while nothing is on hold.
        var retry = await admin.PostFormAsync("/staff/settings", new Dictionary<string, string>(),
            action: $"/staff/messages?handler=Retry&module=backoffice&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Contains("not on hold any more", await admin.GetPageAsync(retry.Headers.Location!.ToString()), StringComparison.Ordinal);
        var unknownModule = await admin.PostFormAsync("/staff/settings", new Dictionary<string, string>(),
            action: $"/staff/messages?handler=Retry&module=pg_catalog&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, unknownModule.StatusCode);
        Assert.Null((await OutboxRows.ReadAsync(store, id, "backoffice")).Parked);
    }
}

/// <summary>Two instances of the store on one database, each with its own outbox processors, and a relay that answers slowly.</summary>
public sealed class OutboxTwoInstancesTests : IAsyncLifetime
{
    private const int Messages = 24;
    private readonly ScriptedSmtp relay = new(beforeAnswer: (_, _, ct) => Task.Delay(150, ct));
    private readonly StoreFactory first = new();
    private readonly StoreFactory second = new();

    public async Task InitializeAsync()
    {
        foreach (var store in new[] { first, second })
            store.With("Smtp:Port", relay.Port.ToString(CultureInfo.InvariantCulture)).With("Outbox:BatchSize", "4");
        await first.InitializeAsync();
        await second.SharingDatabaseWith(first).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)second).DisposeAsync();
        await ((IAsyncLifetime)first).DisposeAsync();
        await relay.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_share_the_outbox_and_never_run_the_same_message_at_once_or_twice()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recipients = Enumerable.Range(0, Messages).Select(i => $"pair-{tag}-{i}@example.org").ToList();
        for (var i = 0; i < Messages; i++)
            await OutboxRows.InsertEmailAsync(first, recipients[i], order: i);

        // Both stores' own processors work, and this test drains through both at the same time as well.
        await Task.WhenAll(first.DrainOutboxAsync(), second.DrainOutboxAsync());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (recipients.Any(r => !relay.ByRecipient.ContainsKey(r)) && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.All(recipients, r => Assert.Equal(1, relay.ByRecipient.GetValueOrDefault(r)));
        Assert.Equal(1, relay.MostAtOnce);
    }
}
