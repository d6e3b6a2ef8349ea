using FibroStore.SiteServices.Contracts;
using FibroStore.SharedKernel.Security;

namespace FibroStore.Web.Tests;

/// <summary>Two instances of the store on one database, as in production behind a load balancer.</summary>
public sealed class SiteSettingsTests : IAsyncLifetime
{
    private readonly StoreFactory first = new();
    private readonly StoreFactory second = new();

    public async Task InitializeAsync()
    {
        await first.InitializeAsync();
        second.SharingDatabaseWith(first);
        await second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)second).DisposeAsync();
        await ((IAsyncLifetime)first).DisposeAsync();
    }

    private static Dictionary<string, string> Form(string storeName, int version, string timeZone = "Europe/London") => new()
    {
        ["Input.StoreName"] = storeName, ["Input.Tagline"] = "Gentle things", ["Input.AboutText"] = "About us",
        ["Input.ContactEmail"] = "team@example.org", ["Input.PostalAddress"] = "1 Quiet Road", ["Input.TimeZoneId"] = timeZone,
        ["Input.EmailSenderName"] = "Team", ["Input.EmailSenderAddress"] = "team@example.org",
        ["Input.CommunityLinks"] = "Chat group | https://chat.example.org/invite", ["Input.SisterSites"] = "",
        ["Input.ShopCallToAction"] = "See the comfort shop",
        ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_change_saved_on_one_instance_shows_on_the_other_without_a_restart()
    {
        using var visitor = second.CreateBrowserClient();
        Assert.Contains("FibroStore", await visitor.GetPageAsync("/"), StringComparison.Ordinal);

        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        var saved = await admin.PostFormAsync("/staff/settings", Form("Gentle Days Shop", version: 0));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        string page;
        do
        {
            await Task.Delay(100);
            page = await visitor.GetPageAsync("/");
        }
        while (!page.Contains("Gentle Days Shop", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.Contains("Gentle Days Shop", page, StringComparison.Ordinal);
        Assert.Contains("https://chat.example.org/invite", page, StringComparison.Ordinal);
        Assert.Contains("See the comfort shop", page, StringComparison.Ordinal);
        var settings = await second.Services.GetRequiredService<ISiteSettings>().GetAsync(CancellationToken.None);
        Assert.Equal("team@example.org", settings.EmailSenderAddress);
    }

    [Fact]
    public async Task Saving_over_someone_elses_change_is_refused_with_409_and_nothing_is_lost()
    {
        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/staff/settings", Form("First Edit", version: 0))).StatusCode);

        var stale = await admin.PostFormAsync("/staff/settings", Form("Stale Edit", version: 0));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed the settings", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var settings = await first.Services.GetRequiredService<ISiteSettings>().GetAsync(CancellationToken.None);
        Assert.Equal("First Edit", settings.StoreName);
    }

    [Fact]
    public async Task An_unknown_time_zone_and_a_bad_link_get_400_and_clear_messages()
    {
        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        var form = Form("Shop", version: 0, timeZone: "Mars/Olympus");
        form["Input.CommunityLinks"] = "just words";

        var response = await admin.PostFormAsync("/staff/settings", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("That time zone is not known", html, StringComparison.Ordinal);
        Assert.Contains("Line 1 should look like", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_are_for_admins_only()
    {
        var (editor, _) = await first.SignInNewUserAsync(StaffRoles.Editor);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/staff/settings")).StatusCode);
    }

    [Fact]
    public async Task A_settings_change_is_audited_and_shown_to_admins_but_not_to_editors()
    {
        var (admin, adminId) = await first.SignInNewUserAsync(StaffRoles.Admin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/staff/settings", Form("Audited Name", version: 0))).StatusCode);
        await first.DrainOutboxAsync();

        await using var connection = new NpgsqlConnection(first.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT actor_id, after->>'storeName' FROM siteservices.audit_entries WHERE action = 'settings.changed'", connection);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(adminId, reader.GetString(0));
            Assert.Equal("Audited Name", reader.GetString(1));
        }

        Assert.Contains("settings.changed", await admin.GetPageAsync("/staff/audit"), StringComparison.Ordinal);
        var (editor, _) = await first.SignInNewUserAsync(StaffRoles.Editor);
        Assert.DoesNotContain("settings.changed", await editor.GetPageAsync("/staff/audit"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/staff/audit?area=settings")).StatusCode);
    }
}
