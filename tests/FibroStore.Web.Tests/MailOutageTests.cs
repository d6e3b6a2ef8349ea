namespace FibroStore.Web.Tests;

/// <summary>The mail server is unreachable: people can still register, and their email waits in the outbox.</summary>
public sealed class MailOutageTests : IAsyncLifetime
{
    private readonly StoreFactory store = new StoreFactory().With("Smtp:Port", StoreFactory.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task InitializeAsync() => store.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task Registering_while_smtp_is_down_succeeds_and_the_confirmation_email_is_kept_for_retry()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.PostFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Pat", ["Input.Email"] = "pat@example.org",
            ["Input.Password"] = "slow-sunny-garden-5", ["Input.ConfirmPassword"] = "slow-sunny-garden-5",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // The background processor may be holding the row mid-attempt, so wait for a finished attempt to be recorded.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        await store.DrainOutboxAsync();
        var row = await ReadQueuedEmailAsync();
        while ((row is null || row.Value.Attempts == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await store.DrainOutboxAsync();
            row = await ReadQueuedEmailAsync();
        }

        Assert.True(row is not null, "The confirmation email should be waiting in the outbox.");
        Assert.True(row.Value.Attempts >= 1, "A sending attempt should have been made and recorded.");
        Assert.True(row.Value.Unsent, "It must not be marked as sent.");
        Assert.True(row.Value.ErrorRecorded, "The SMTP failure should be recorded.");
        Assert.Equal("pat@example.org", row.Value.To);
    }

    private async Task<(int Attempts, bool Unsent, bool ErrorRecorded, string To)?> ReadQueuedEmailAsync()
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT attempts, processed_at IS NULL, last_error IS NOT NULL, payload->'message'->>'to'
            FROM accounts.outbox_messages WHERE type LIKE 'FibroStore.SharedKernel.Email.EmailRequested,%'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return null;
        return (reader.GetInt32(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetString(3));
    }
}
