namespace FibroStore.BackOffice.Tests;

/// <summary>A new store's privacy page tells people what is kept, why, and for how long.</summary>
public sealed class PrivacyPageTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task The_privacy_page_says_what_is_kept_why_and_for_how_long()
    {
        using var visitor = store.CreateBrowserClient();
        var response = await visitor.GetAsync("/privacy");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("How long we keep it, and why", page, StringComparison.Ordinal);
        // What a deleted account's orders keep, and why.
        Assert.Contains("We keep only the order number, the dates, what was bought, the amounts and tax, and the country, because our accounts need them.", page, StringComparison.Ordinal);
        // The periods match the defaults of Payments__WebhookPayloadKeepDays, Outbox__KeepDays and Throttle__KeepHours.
        Assert.Contains("After 90 days we keep only the amounts and the payment's reference; when you delete your account, at once.", page, StringComparison.Ordinal);
        Assert.Contains("kept for 30 days after they go", page, StringComparison.Ordinal);
        Assert.Contains("forget them after a day", page, StringComparison.Ordinal);
        Assert.Contains("\"Former member\"", page, StringComparison.Ordinal);
    }
}
