namespace FibroStore.Subscribers.Tests;

public sealed class AccountNewsletterTests(SubscribersStore store) : IClassFixture<SubscribersStore>
{
    private const string Page = "/Identity/Account/Manage/Newsletter";

    [Fact]
    public async Task A_shopper_who_subscribes_from_the_account_page_is_confirmed_at_once_and_gets_articles_until_unsubscribing()
    {
        var email = SubscribersStore.NewAddress("shopper");
        await store.CreateUserAsync(email);
        using var shopper = await store.SignedInClientAsync(email);
        var before = await shopper.GetPageAsync(Page);
        Assert.Contains("You are not subscribed", before, StringComparison.Ordinal);
        Assert.Null(await store.FindAsync(email));

        var subscribed = await shopper.PostFormAsync(Page, new Dictionary<string, string>(), action: $"{Page}?handler=Subscribe");
        Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
        Assert.Contains("You are subscribed", await shopper.GetPageAsync(Page), StringComparison.Ordinal);
        var subscriber = await store.FindAsync(email);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        var history = await store.InDbAsync(db => db.SubscriberEvents.Where(e => e.SubscriberId == subscriber.Id).Select(e => e.Detail).ToListAsync());
        Assert.Contains("account page, address already confirmed by the account", history);

        var first = Guid.NewGuid();
        await store.RaiseArticlePublishedAsync(first);
        await store.WaitForCampaignAsync(first);
        Assert.Single(store.Mailbox.To(email), m => m.Subject == "Pacing on a bad day");
        Assert.DoesNotContain(store.Mailbox.To(email), m => m.Subject.StartsWith("Please confirm", StringComparison.Ordinal));

        var unsubscribed = await shopper.PostFormAsync(Page, new Dictionary<string, string>(), action: $"{Page}?handler=Unsubscribe");
        Assert.Equal(HttpStatusCode.Redirect, unsubscribed.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await store.FindAsync(email))!.Status);

        var second = Guid.NewGuid();
        await store.RaiseArticlePublishedAsync(second);
        await store.WaitForCampaignAsync(second);
        Assert.Single(store.Mailbox.To(email), m => m.Subject == "Pacing on a bad day");
    }

    [Fact]
    public async Task Subscribing_from_an_account_whose_address_is_not_proven_is_refused_with_409_and_joins_nobody()
    {
        var email = SubscribersStore.NewAddress("unproven");
        var userId = await store.CreateUserAsync(email);
        using var shopper = await store.SignedInClientAsync(email);
        // The page then offers no button, but the form can still be sent.
        await store.SqlAsync("UPDATE accounts.users SET email_confirmed = false WHERE id = @id", ("id", userId));
        var state = System.Text.Json.JsonDocument.Parse(await shopper.GetPageAsync("/session/state")).RootElement.GetProperty("antiforgery");

        var refused = await shopper.PostRawAsync($"{Page}?handler=Subscribe", new Dictionary<string, string>(), state.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Confirm your email address first (see Email address), then subscribe here.",
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(await store.FindAsync(email));
    }

    [Fact]
    public async Task The_newsletter_page_is_in_the_account_navigation()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        using (shopper)
            Assert.Contains($"href=\"{Page}\"", await shopper.GetPageAsync("/Identity/Account/Manage"), StringComparison.Ordinal);
    }
}
