using FibroStore.SharedKernel.Security;
using Npgsql;

namespace FibroStore.Subscribers.Tests;

public sealed class NewsletterTestEmailTests(SubscribersStore store) : IClassFixture<SubscribersStore>
{
    [Fact]
    public async Task An_editor_who_presses_send_me_a_test_gets_the_unsaved_article_and_nobody_else_does()
    {
        var subscribers = await store.SeedConfirmedAsync(3);
        var editorEmail = SubscribersStore.NewAddress("editor");
        await store.CreateUserAsync(editorEmail, roles: StaffRoles.Editor);
        using var editor = await store.SignedInClientAsync(editorEmail);
        var campaignsBefore = await store.InDbAsync(db => db.Campaigns.CountAsync());
        var title = $"Warm water and sore muscles {Guid.NewGuid():N}";

        var response = await editor.PostFormAsync("/staff/articles/edit", new Dictionary<string, string>
        {
            ["Input.Title"] = title,
            ["Input.Excerpt"] = "What a bath can and cannot do.",
            ["Input.Markdown"] = "Unsaved words.",
            ["Input.AuthorName"] = "An editor",
        }, action: "/staff/articles/edit?handler=SendTest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("A test email was sent to", page, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(title), page, StringComparison.Ordinal);
        var mail = await store.Mailbox.WaitForAsync(editorEmail);
        Assert.Equal($"[Test] {title}", mail.Subject);
        Assert.Contains("What a bath can and cannot do.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Read on the site", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("This is a test", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/subscribe/unsubscribe/", mail.TextBody, StringComparison.Ordinal);
        Assert.False(mail.Headers.ContainsKey("List-Unsubscribe"));

        await Task.Delay(500);
        foreach (var address in subscribers)
            Assert.Empty(store.Mailbox.To(address));
        Assert.Equal(campaignsBefore, await store.InDbAsync(db => db.Campaigns.CountAsync()));
        Assert.Equal(1, await EditorialAuditCountAsync("article.newsletter-test-sent"));
    }

    private async Task<int> EditorialAuditCountAsync(string action)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM editorial.outbox_messages WHERE type LIKE '%StaffActionAudited%' AND payload->>'action' = @action", connection);
        command.Parameters.AddWithValue("action", action);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The store's mail relay refuses connections: a port that was free a moment ago, with nothing listening.</summary>
public sealed class MailServerDownStore : SubscribersStore
{
    public MailServerDownStore()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        With("Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class NewsletterTestEmailFailureTests(MailServerDownStore store) : IClassFixture<MailServerDownStore>
{
    [Fact]
    public async Task When_the_mail_server_is_down_the_editor_is_told_and_the_form_keeps_the_unsaved_text()
    {
        var editorEmail = SubscribersStore.NewAddress("editor");
        await store.CreateUserAsync(editorEmail, roles: StaffRoles.Editor);
        using var editor = await store.SignedInClientAsync(editorEmail);
        var title = $"Stretching in bed {Guid.NewGuid():N}";

        var response = await editor.PostFormAsync("/staff/articles/edit", new Dictionary<string, string>
        {
            ["Input.Title"] = title,
            ["Input.Excerpt"] = "Three slow moves before you stand.",
            ["Input.Markdown"] = "Unsaved words.",
            ["Input.AuthorName"] = "An editor",
        }, action: "/staff/articles/edit?handler=SendTest");

        // The mail server is unavailable, not the editor's form wrong: 503 with the reason, the text kept.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The test email could not be sent: the mail server did not accept it.", page, StringComparison.Ordinal);
        Assert.Contains(title, page, StringComparison.Ordinal);
    }
}
