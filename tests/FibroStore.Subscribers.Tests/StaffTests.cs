using FibroStore.SharedKernel.Security;
using Npgsql;
using SmtpServer.Protocol;

namespace FibroStore.Subscribers.Tests;

public sealed class StaffTests(SubscribersStore store) : IClassFixture<SubscribersStore>
{
    private async Task<int> OutboxAuditCountAsync(string action)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM subscribers.outbox_messages WHERE type LIKE '%StaffActionAudited%' AND payload->>'action' = @action", connection);
        command.Parameters.AddWithValue("action", action);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Posts a staff button's form the way the browser does, with the visitor's form token.</summary>
    private static async Task<HttpResponseMessage> PressAsync(TestKit.BrowserClient client, string action)
    {
        var state = System.Text.Json.JsonDocument.Parse(await client.GetPageAsync("/session/state")).RootElement.GetProperty("antiforgery");
        return await client.PostRawAsync(action, new Dictionary<string, string>(), state.GetProperty("token").GetString());
    }

    [Fact]
    public async Task An_editor_searches_the_list_sees_counts_and_exports_csv()
    {
        var addresses = await store.SeedConfirmedAsync(3);
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);

        var page = await editor.GetPageAsync($"/staff/subscribers?q={addresses[0]}");
        Assert.Contains(addresses[0], page, StringComparison.Ordinal);
        Assert.DoesNotContain(addresses[1], page, StringComparison.Ordinal);
        Assert.Contains("confirmed</a>:", page, StringComparison.Ordinal);

        var csv = await editor.GetAsync($"/staff/subscribers?handler=Export&status=Confirmed");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.All(addresses, a => Assert.Contains($"\"{a}\"", text, StringComparison.Ordinal));
        Assert.True(await OutboxAuditCountAsync("subscribers.exported") >= 1);
    }

    [Fact]
    public async Task Removing_a_subscriber_erases_them_and_is_audited()
    {
        var address = (await store.SeedConfirmedAsync(1))[0];
        var id = (await store.FindAsync(address))!.Id;
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);

        var answer = await editor.PostFormAsync($"/staff/subscribers/{id}", new Dictionary<string, string>(), $"/staff/subscribers/{id}?handler=Remove");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Null(await store.FindAsync(address));
        Assert.Equal(1, await OutboxAuditCountAsync("subscriber.removed"));
    }

    [Fact]
    public async Task A_paused_campaign_sends_nothing_until_resumed_and_failed_deliveries_can_be_retried()
    {
        var addresses = await store.SeedConfirmedAsync(4);
        var articleId = Guid.NewGuid();
        await store.RaiseArticlePublishedAsync(articleId);
        await store.WaitForCampaignAsync(articleId);
        var campaignId = await store.InDbAsync(db => db.Campaigns.Where(c => c.ArticleId == articleId).Select(c => c.Id).SingleAsync());
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        const string campaigns = "/staff/subscribers/campaigns";

        await PressAsync(editor, $"{campaigns}?handler=Pause&id={campaignId}");
        // As if the first delivery had failed and the rest had never gone out.
        await ExecuteAsync($"UPDATE subscribers.deliveries SET status = 'Failed', attempts = 8 WHERE campaign_id = '{campaignId}'");
        var retry = await PressAsync(editor, $"{campaigns}?handler=Retry&id={campaignId}");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        await Task.Delay(700);
        Assert.All(addresses, a => Assert.Single(store.Mailbox.To(a)));

        await PressAsync(editor, $"{campaigns}?handler=Resume&id={campaignId}");
        var counts = await store.WaitForCampaignAsync(articleId);

        // Everyone confirmed in this database is a recipient, including other tests' subscribers.
        var recipients = await store.InDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.RecipientCount).SingleAsync());
        Assert.Equal(recipients, counts[DeliveryStatus.Sent]);
        Assert.All(addresses, a => Assert.Equal(2, store.Mailbox.To(a).Count));
        Assert.Equal(1, await OutboxAuditCountAsync("campaign.paused"));
        Assert.Equal(1, await OutboxAuditCountAsync("campaign.failed-retried"));
        Assert.Equal(1, await OutboxAuditCountAsync("campaign.resumed"));
        // The page says what was done, carried over the redirect; the address cannot make it say anything.
        Assert.Contains("Resumed", await editor.GetPageAsync(campaigns), StringComparison.Ordinal);
        Assert.DoesNotContain("Call this number", await editor.GetPageAsync(campaigns + "?done=Call+this+number"), StringComparison.Ordinal);
        var progress = System.Text.Json.JsonDocument.Parse(await editor.GetPageAsync(campaigns + "?handler=Progress")).RootElement
            .EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == campaignId);
        Assert.Equal(recipients, progress.GetProperty("sent").GetInt32());
        Assert.Equal(0, progress.GetProperty("pending").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/_content/FibroStore.Subscribers/campaigns.js")).StatusCode);
    }

    [Fact]
    public async Task A_csv_import_adds_consenting_rows_invites_the_others_and_reports_each_problem()
    {
        var existing = (await store.SeedConfirmedAsync(1))[0];
        var consenting = SubscribersStore.NewAddress("imported");
        var invited = SubscribersStore.NewAddress("invited");
        var csv = $"""
            email,first_name,subscribed_at,consent
            {consenting},Ann,2024-03-01,yes
            {invited},,,no
            not-an-email,,,yes
            {existing},Someone,,no
            """;
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var state = System.Text.Json.JsonDocument.Parse(await editor.GetPageAsync("/session/state")).RootElement.GetProperty("antiforgery");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(state.GetProperty("token").GetString()!), "__RequestVerificationToken" },
            { new StringContent(csv), "file", "list.csv" },
        };

        var answer = await editor.Http.PostAsync("/staff/subscribers/import", form);

        var page = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("1 added, 1 invited to confirm, 1 already on the list, 1 rows skipped", page, StringComparison.Ordinal);
        Assert.Contains("is not an email address", page, StringComparison.Ordinal);
        var added = (await store.FindAsync(consenting))!;
        Assert.Equal(SubscriberStatus.Confirmed, added.Status);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), added.CreatedAt);
        Assert.Equal(SubscriberStatus.Pending, (await store.FindAsync(invited))!.Status);
        Assert.Contains("confirm", (await store.Mailbox.WaitForAsync(invited)).Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Null((await store.FindAsync(existing))!.FirstName);
        Assert.Equal(1, await OutboxAuditCountAsync("subscribers.imported"));
    }

    [Fact]
    public async Task A_csv_without_its_header_row_is_refused_with_400_and_imports_nothing()
    {
        var address = SubscribersStore.NewAddress("headless");
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var state = System.Text.Json.JsonDocument.Parse(await editor.GetPageAsync("/session/state")).RootElement.GetProperty("antiforgery");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(state.GetProperty("token").GetString()!), "__RequestVerificationToken" },
            { new StringContent($"{address},Ann,2024-03-01,yes\n"), "file", "list.csv" },
        };

        var answer = await editor.Http.PostAsync("/staff/subscribers/import", form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("The first row must name the columns: email,first_name,subscribed_at,consent", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await store.FindAsync(address));
    }

    [Fact]
    public async Task Removing_a_subscriber_or_pausing_a_campaign_that_does_not_exist_answers_404()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var unknown = Guid.NewGuid();

        var removed = await PressAsync(editor, $"/staff/subscribers/{unknown}?handler=Remove");
        var paused = await PressAsync(editor, $"/staff/subscribers/campaigns?handler=Pause&id={unknown}");

        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, paused.StatusCode);
    }

    [Fact]
    public async Task The_campaign_detail_page_lists_a_permanently_refused_recipient_with_the_smtp_answer()
    {
        var recipients = await store.SeedConfirmedAsync(3);
        var refused = recipients[1];
        store.Mailbox.RecipientFault = to => to == refused ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 no such mailbox") : null;
        Guid campaignId;
        try
        {
            var articleId = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(articleId);
            await store.WaitForCampaignAsync(articleId);
            campaignId = await store.InDbAsync(db => db.Campaigns.Where(c => c.ArticleId == articleId).Select(c => c.Id).SingleAsync());
        }
        finally
        {
            store.Mailbox.RecipientFault = null;
        }
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var detail = $"/staff/subscribers/campaigns/{campaignId}";

        var page = await editor.GetPageAsync(detail);

        Assert.Contains($"<th scope=\"row\">{refused}</th>", page, StringComparison.Ordinal);
        Assert.Contains("5.1.1 no such mailbox", page, StringComparison.Ordinal);
        Assert.DoesNotContain(recipients[0], page, StringComparison.Ordinal);
        Assert.Contains(detail, await editor.GetPageAsync("/staff/subscribers/campaigns"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync($"{detail}?p=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync($"{detail}?p=two")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/staff/subscribers/campaigns/{Guid.NewGuid()}")).StatusCode);
        var (shopper, _) = await store.SignInNewUserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync(detail)).StatusCode);
    }

    [Fact]
    public async Task A_shopper_cannot_open_the_subscriber_list()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync("/staff/subscribers")).StatusCode);
    }
}
