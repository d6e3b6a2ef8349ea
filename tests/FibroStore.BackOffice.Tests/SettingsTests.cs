using AngleSharp.Html.Parser;
using FibroStore.Editorial.Pages.Articles;
using FibroStore.SharedKernel.Results;

namespace FibroStore.BackOffice.Tests;

/// <summary>The tax setting and the reply moderation rules on the settings page, and Editorial obeying them.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private readonly DashboardStore first = new();
    private readonly DashboardStore second = new();

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

    private static Dictionary<string, string> Form(int version, string taxMode = "None", string taxRate = "0", string taxName = "VAT",
        string moderation = "TrustApprovedReaders", string maxLinks = "") => new()
    {
        ["Input.StoreName"] = "FibroStore", ["Input.Tagline"] = "Gentle things", ["Input.AboutText"] = "About us",
        ["Input.ContactEmail"] = "team@example.org", ["Input.PostalAddress"] = "1 Quiet Road", ["Input.TimeZoneId"] = "Europe/London",
        ["Input.EmailSenderName"] = "Team", ["Input.EmailSenderAddress"] = "team@example.org",
        ["Input.CommunityLinks"] = "", ["Input.SisterSites"] = "", ["Input.ShopCallToAction"] = "",
        ["Input.TaxMode"] = taxMode, ["Input.TaxRatePercent"] = taxRate, ["Input.TaxName"] = taxName,
        ["Input.ReplyModeration"] = moderation, ["Input.ReplyMaxLinks"] = maxLinks,
        ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<int> VersionAsync(StoreFactory store) =>
        (int)(await store.SqlAsync("SELECT coalesce(max(version), 0) FROM siteservices.site_settings"))!;

    [Theory]
    [InlineData("150")]
    [InlineData("-1")]
    public async Task A_tax_rate_outside_0_to_100_is_refused_with_a_clear_message(string rate)
    {
        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        var response = await admin.PostFormAsync("/staff/settings", Form(await VersionAsync(first), "IncludedInPrices", rate));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The tax rate must be between 0 and 100 percent.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.TaxRatePercent", "Please enter the tax rate as a number, for example 13 or 5.5.")]
    [InlineData("Input.ReturnsDays", "Please enter the days to return an item as a whole number, for example 30.")]
    [InlineData("Input.ReplyMaxLinks", "Please enter the link limit as a whole number, for example 2, or leave it empty.")]
    [InlineData("Input.StaffIdleMinutes", "Please enter the minutes without activity as a whole number, for example 30.")]
    [InlineData("Input.StaffSessionHours", "Please enter the longest session in hours as a whole number, for example 12.")]
    public async Task Letters_in_a_number_field_are_refused_with_a_plain_message_beside_it(string field, string message)
    {
        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        var form = Form(await VersionAsync(first), "IncludedInPrices", "20");
        form[field] = "abc";

        var response = await admin.PostFormAsync("/staff/settings", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var input = page.QuerySelector($"input[name='{field}']")!;
        Assert.Equal(message, input.ParentElement!.QuerySelector(".field-error")?.TextContent);
        Assert.DoesNotContain("is not valid for", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_save_refused_as_stale_the_form_shows_what_is_saved_and_can_be_sent_again()
    {
        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        var version = await VersionAsync(first);
        var theirs = Form(version);
        theirs["Input.StoreName"] = "Saved meanwhile";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/staff/settings", theirs)).StatusCode);
        var mine = Form(version);
        mine["Input.StoreName"] = "Typed on an old form";

        var refused = await admin.PostFormAsync("/staff/settings", mine);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Saved meanwhile", page.QuerySelector("#Input_StoreName")?.GetAttribute("value"));
        var shownVersion = int.Parse(page.QuerySelector("#Input_Version")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(await VersionAsync(first), shownVersion);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/staff/settings", Form(shownVersion))).StatusCode);
    }

    [Fact]
    public async Task A_saved_tax_setting_is_used_by_another_instance_and_audited()
    {
        var (admin, adminId) = await first.SignInNewUserAsync(StaffRoles.Admin);
        Assert.Equal(TaxMode.None, (await second.PricingTaxAsync()).TaxMode);
        var saved = await admin.PostFormAsync("/staff/settings", Form(await VersionAsync(first), "IncludedInPrices", "20", "GST"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The other instance hears of the change through PostgreSQL NOTIFY, a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        TaxSettings tax;
        while ((tax = await second.PricingTaxAsync()).TaxMode != TaxMode.IncludedInPrices && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal((TaxMode.IncludedInPrices, 20m, "GST"), (tax.TaxMode, tax.TaxRatePercent, tax.TaxName));
        var form = await admin.GetPageAsync("/staff/settings");
        Assert.Contains("value=\"GST\"", form, StringComparison.Ordinal);

        await first.DrainOutboxAsync();
        var after = (string?)await first.SqlAsync(
            "SELECT after::text FROM siteservices.audit_entries WHERE action = 'tax.changed' AND actor_id = @actor", ("actor", adminId));
        Assert.Contains("\"taxRatePercent\": 20", after, StringComparison.Ordinal);
    }

    private async Task<Outcome<ShowArticle.Submitted>> ReplyAsync(string slug, string userId, string text) =>
        await first.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new ShowArticle.SubmitReply(
            slug, "Ann", "ann@example.org", null, text, null, false, first.IssueReplyStamp(), null, "203.0.113.7", userId)).AsTask());

    [Fact]
    public async Task Reply_rules_from_the_settings_page_decide_what_waits_and_how_many_links_are_allowed()
    {
        var (_, slug) = await first.PublishArticleAsync("Sleep and pain");
        // A reader with an approved reply is trusted under the default rule.
        Assert.IsType<ShowArticle.Submitted.Held>((await ReplyAsync(slug, "reader-1", "First words.")).Value);
        await first.SqlAsync("UPDATE editorial.replies SET status = 'Approved' WHERE user_id = 'reader-1'");
        Assert.IsType<ShowArticle.Submitted.Published>((await ReplyAsync(slug, "reader-1", "Trusted now.")).Value);

        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        var saved = await admin.PostFormAsync("/staff/settings", Form(await VersionAsync(first), moderation: "HoldEvery", maxLinks: "0"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        Assert.IsType<ShowArticle.Submitted.Held>((await ReplyAsync(slug, "reader-1", "Held this time.")).Value);
        var refused = (await ReplyAsync(slug, "reader-1", "See https://example.org/help")).Refusal;
        Assert.NotNull(refused);
        Assert.Equal("Please leave links out of your reply.", refused.Message);
    }

    [Fact]
    public async Task A_link_limit_outside_0_to_20_is_refused()
    {
        var (admin, _) = await first.SignInNewUserAsync(StaffRoles.Admin);
        var response = await admin.PostFormAsync("/staff/settings", Form(await VersionAsync(first), maxLinks: "50"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The link limit must be between 0 and 20.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
