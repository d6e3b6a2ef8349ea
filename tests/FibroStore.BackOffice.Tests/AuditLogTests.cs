using FibroStore.SharedKernel;

namespace FibroStore.BackOffice.Tests;

/// <summary>The audit page's filters, its paging, who may read which rows, and how it names the people who acted.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly DashboardStore store = new();

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    private Task AddAsync(string area, string action, string actor, string entityType, string entityId, DateTimeOffset at) =>
        store.SqlAsync("""
            INSERT INTO siteservices.audit_entries (id, at, actor_id, area, action, entity_type, entity_id)
            VALUES (gen_random_uuid(), @at, @actor, @area, @action, @type, @entity)
            """, ("at", at), ("actor", actor), ("area", area), ("action", action), ("type", entityType), ("entity", entityId));

    private static int Rows(string html) => html.Split("<tr>").Length - 2;

    [Fact]
    public async Task Filters_narrow_the_log_by_area_action_actor_entity_and_days()
    {
        var zone = await store.UseTimeZoneAsync("America/New_York");
        var today = ZonedTime.DayOf(DateTimeOffset.UtcNow, zone);
        var midnight = ZonedTime.StartOfDay(today, zone);
        await store.DrainOutboxAsync();
        await store.SqlAsync("DELETE FROM siteservices.audit_entries");
        await AddAsync("editorial", "article.published", "editor-1", "Article", "a-1", midnight.AddHours(1));
        await AddAsync("editorial", "reply.approved", "editor-2", "Reply", "r-1", midnight.AddMinutes(-1));
        await AddAsync("catalog", "product.updated", "merch-1", "Product", "p-1", midnight.AddHours(2));
        await AddAsync("orders", "order.refunded", "merch-1", "Order", "o-1", midnight.AddHours(3));

        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        Assert.Equal(4, Rows(await admin.GetPageAsync("/staff/audit")));
        Assert.Equal(2, Rows(await admin.GetPageAsync("/staff/audit?area=editorial")));
        var published = await admin.GetPageAsync("/staff/audit?action=article.");
        Assert.Equal(1, Rows(published));
        Assert.Contains("article.published", published, StringComparison.Ordinal);
        Assert.Equal(2, Rows(await admin.GetPageAsync("/staff/audit?actor=merch-1")));
        Assert.Equal(1, Rows(await admin.GetPageAsync("/staff/audit?entity=o-1")));
        Assert.Equal(1, Rows(await admin.GetPageAsync("/staff/audit?entity=Reply")));
        // Days are the store's (New York) days: the reply a minute before midnight belongs to yesterday.
        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, Rows(await admin.GetPageAsync($"/staff/audit?from={day}&to={day}")));
        Assert.Equal(1, Rows(await admin.GetPageAsync($"/staff/audit?from={day}&actor=merch-1&area=orders")));

        var response = await admin.GetAsync($"/staff/audit?from={day}&to={today.AddDays(-3):yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The last day comes before the first day", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_names_who_acted_and_finds_their_rows_by_email()
    {
        var email = $"robin-{Guid.NewGuid():N}@example.org";
        var adminId = await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Admin);
        using var admin = await store.SignedInClientAsync(email);
        var invited = await admin.PostFormAsync("/staff/people/invite", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Eddie",
            ["Input.Email"] = $"eddie-{Guid.NewGuid():N}@example.org",
            ["Input.Roles[0]"] = StaffRoles.Editor,
        });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        await store.DrainOutboxAsync();
        await AddAsync("catalog", "product.updated", "merch-1", "Product", "p-1", DateTimeOffset.UtcNow);

        var log = WebUtility.HtmlDecode(await admin.GetPageAsync("/staff/audit"));
        Assert.Contains($"<td>{email.Split('@')[0]} ({email})<div class=\"hint\">Account id <code>{adminId}</code></div></td>", log, StringComparison.Ordinal);

        // The email is matched in any letter case, as people type it.
        var mine = WebUtility.HtmlDecode(await admin.GetPageAsync($"/staff/audit?actor={Uri.EscapeDataString(email.ToUpperInvariant())}"));
        Assert.Equal(1, Rows(mine));
        Assert.Contains("staff.invited", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("product.updated", mine, StringComparison.Ordinal);

        var unknown = await admin.GetAsync("/staff/audit?actor=nobody%40example.org");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var said = WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync());
        Assert.Contains("No account has the email nobody@example.org.", said, StringComparison.Ordinal);
        Assert.Contains("No staff actions match.", said, StringComparison.Ordinal);
        Assert.Contains("value=\"nobody@example.org\"", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_by_a_deleted_account_shows_Deleted_account_and_its_id()
    {
        var email = $"leaving-editor-{Guid.NewGuid():N}@example.org";
        var editorId = await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Editor);
        await AddAsync("editorial", "article.published", editorId, "Article", "a-1", DateTimeOffset.UtcNow);
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        Assert.Contains($"({email})", WebUtility.HtmlDecode(await admin.GetPageAsync("/staff/audit")), StringComparison.Ordinal);

        using var editor = await store.SignedInClientAsync(email);
        var deleted = await editor.PostFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = StoreFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        var log = WebUtility.HtmlDecode(await admin.GetPageAsync("/staff/audit"));
        Assert.Contains($"<td>Deleted account<div class=\"hint\">Account id <code>{editorId}</code></div></td>", log, StringComparison.Ordinal);
        Assert.DoesNotContain(email, log, StringComparison.Ordinal);
        // The erased email finds nothing any more; the id still finds the row.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/staff/audit?actor={Uri.EscapeDataString(email)}")).StatusCode);
        Assert.Equal(1, Rows(await admin.GetPageAsync($"/staff/audit?actor={editorId}")));
    }

    [Fact]
    public async Task Each_role_reads_only_its_areas_and_an_editor_sees_no_refunds()
    {
        await AddAsync("orders", "order.refunded", "merch-1", "Order", "o-9", DateTimeOffset.UtcNow);
        await AddAsync("editorial", "article.published", "editor-1", "Article", "a-9", DateTimeOffset.UtcNow);
        await AddAsync("settings", "settings.changed", "admin-1", "SiteSettings", "site", DateTimeOffset.UtcNow);

        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var seen = await editor.GetPageAsync("/staff/audit");
        Assert.Contains("a-9", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("order.refunded", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("settings.changed", seen, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/staff/audit?area=orders")).StatusCode);

        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        seen = await merchandiser.GetPageAsync("/staff/audit");
        Assert.Contains("order.refunded", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("a-9", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_keeps_the_filters_and_the_log_cannot_be_changed_from_the_app()
    {
        for (var i = 0; i < 51; i++)
            await AddAsync("catalog", "stock.adjusted", "merch-7", "Variant", $"v-{i}", DateTimeOffset.UtcNow.AddSeconds(-i));
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);

        var first = await admin.GetPageAsync("/staff/audit?actor=merch-7&action=stock.");
        Assert.Equal(50, Rows(first));
        var older = System.Text.RegularExpressions.Regex.Match(first, "<a href=\"([^\"]*)\">Older</a>").Groups[1].Value;
        Assert.Contains("p=2", older, StringComparison.Ordinal);
        Assert.Contains("actor=merch-7", older, StringComparison.Ordinal);
        Assert.Contains("action=stock.", older, StringComparison.Ordinal);
        Assert.Equal(1, Rows(await admin.GetPageAsync("/staff/audit?p=2&action=stock.&actor=merch-7")));

        var posted = await admin.Http.PostAsync("/staff/audit", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(51L, (long)(await store.SqlAsync("SELECT count(*) FROM siteservices.audit_entries WHERE actor_id = 'merch-7'"))!);
    }
}
