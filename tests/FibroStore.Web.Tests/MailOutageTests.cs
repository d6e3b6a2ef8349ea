using System.Net;
using FibroStore.TestKit;
using Npgsql;

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
        await store.DrainOutboxAsync();

        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT attempts, processed_at IS NULL, last_error IS NOT NULL, payload->'message'->>'to'
            FROM accounts.outbox_messages WHERE type LIKE 'FibroStore.SharedKernel.Email.EmailRequested,%'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "The confirmation email should be waiting in the outbox.");
        Assert.True(reader.GetInt32(0) >= 1);
        Assert.True(reader.GetBoolean(1), "It must not be marked as sent.");
        Assert.True(reader.GetBoolean(2), "The SMTP failure should be recorded.");
        Assert.Equal("pat@example.org", reader.GetString(3));
    }
}
