using System.Text.RegularExpressions;
using FibroStore.Subscribers.Contracts;

namespace FibroStore.Ordering.Tests;

public sealed partial class OrderPagesTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_guest_sees_the_order_through_the_signed_link_in_the_email_and_nobody_sees_it_without()
    {
        var pad = await store.AddSellableProductAsync("Guest link pad", 11m, 5);
        var email = $"link-{Guid.NewGuid():N}@example.org";
        var (number, _) = await store.PlacePaidOrderAsync(pad, 1, email);
        var receipt = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains(number, StringComparison.Ordinal));
        var link = new Uri(LinkPattern().Match(receipt.TextBody!).Value);

        using var guest = store.CreateBrowserClient();
        var page = await guest.GetPageAsync(link.PathAndQuery);
        Assert.Contains($"Order {number}", page);
        Assert.Contains("Guest link pad", page);

        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync($"/orders/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync($"/orders/{number}?t=forged-token")).StatusCode);
        var (stranger, _) = await store.SignInNewUserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/orders/{number}")).StatusCode);
        // The token is for this order only.
        var other = (await store.PlacePaidOrderAsync(pad, 1, email)).Number;
        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync($"/orders/{other}{link.Query}")).StatusCode);
        stranger.Dispose();
    }

    [Fact]
    public async Task A_signed_in_shopper_finds_the_order_under_my_orders()
    {
        var pad = await store.AddSellableProductAsync("Account pad", 9m, 5);
        var email = $"account-{Guid.NewGuid():N}@example.org";
        await store.CreateUserAsync(email);
        using var shopper = await store.SignedInClientAsync(email);
        await StoreFactory.AddToCartAsync(shopper, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(shopper, email: null);
        await store.Stripe.PayAsync(sessionId, email: email);
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, "the account's order");

        var list = await shopper.GetPageAsync("/account/orders");
        var number = NumberPattern().Match(list).Value;
        Assert.NotEmpty(number);
        Assert.Contains("Account pad", await shopper.GetPageAsync($"/orders/{number}"));

        using var stranger = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/account/orders")).StatusCode);
    }

    [Fact]
    public async Task The_order_page_shows_times_in_the_store_time_zone_and_signed_in_shoppers_find_my_orders_in_the_header()
    {
        await store.ChangeSettingsAsync(s => s with { TimeZoneId = "Pacific/Kiritimati" });
        var pad = await store.AddSellableProductAsync("Time zone pad", 10m, 5);
        var email = $"zone-{Guid.NewGuid():N}@example.org";
        await store.CreateUserAsync(email);
        using var shopper = await store.SignedInClientAsync(email);
        await StoreFactory.AddToCartAsync(shopper, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(shopper, email: null);
        await store.Stripe.PayAsync(sessionId, email: email);
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, "the order");
        var (number, placedAt) = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<FibroStore.Ordering.Data.OrderingDbContext>();
            var order = await db.Orders.SingleAsync(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId));
            return (order.DisplayNumber, order.PlacedAt);
        });

        var page = await shopper.GetPageAsync($"/orders/{number}");
        var local = TimeZoneInfo.ConvertTime(placedAt, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati"));
        Assert.Contains(local.ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.CurrentCulture), page);
        Assert.DoesNotContain(" UTC:", page);
        Assert.Contains("href=\"/account/orders\"", await shopper.GetPageAsync("/"));
        Assert.Contains("href=\"/account/orders\"", await shopper.GetPageAsync("/Identity/Account/Manage"));
    }

    [Fact]
    public async Task Ticking_the_newsletter_box_at_checkout_asks_the_shopper_to_confirm_and_leaving_it_unticked_does_nothing()
    {
        var pad = await store.AddSellableProductAsync("Newsletter pad", 13m, 5);
        var keen = $"keen-{Guid.NewGuid():N}@example.org";
        var quiet = $"quiet-{Guid.NewGuid():N}@example.org";
        await BuyAsync(pad, keen, joinNewsletter: true);
        await BuyAsync(pad, quiet, joinNewsletter: false);

        var confirmation = await store.Mailbox.WaitForAsync(m => m.To == keen && m.Subject.Contains("confirm your subscription", StringComparison.Ordinal));
        Assert.Contains("/subscribe/confirm", confirmation.TextBody);
        Assert.Equal(NewsletterStatus.AwaitingConfirmation, await StatusAsync(keen));
        Assert.Equal(NewsletterStatus.NotSubscribed, await StatusAsync(quiet));
    }

    [Fact]
    public async Task A_signed_in_shopper_who_ticks_the_box_joins_at_once_because_the_account_proved_the_address()
    {
        var pad = await store.AddSellableProductAsync("Member pad", 13m, 5);
        var email = $"member-{Guid.NewGuid():N}@example.org";
        await store.CreateUserAsync(email);
        using var shopper = await store.SignedInClientAsync(email);
        await StoreFactory.AddToCartAsync(shopper, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(shopper, email: null, new Dictionary<string, string> { ["Input.JoinNewsletter"] = "true" });
        await store.Stripe.PayAsync(sessionId, email: email);
        await store.WaitUntilAsync(async () => await StatusAsync(email) == NewsletterStatus.Subscribed, "the account's subscription");
        Assert.DoesNotContain(store.Mailbox.To(email), m => m.Subject.Contains("confirm your subscription", StringComparison.Ordinal));
    }

    private async Task BuyAsync(TestVariant variant, string email, bool joinNewsletter)
    {
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, variant.VariantId);
        var extra = joinNewsletter ? new Dictionary<string, string> { ["Input.JoinNewsletter"] = "true" } : null;
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email, extra);
        await store.Stripe.PayAsync(sessionId, email: email);
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, $"the order for {email}");
        await store.DrainOutboxAsync();
    }

    private Task<NewsletterStatus> StatusAsync(string email) =>
        store.InScopeAsync(sp => sp.GetRequiredService<INewsletterMembership>().GetAsync(email, CancellationToken.None));

    [GeneratedRegex(@"https?://\S+/orders/FS-\d+\?t=\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"FS-\d+")]
    private static partial Regex NumberPattern();
}
