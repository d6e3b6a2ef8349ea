using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FibroStore.Ordering.Tests;

/// <summary>The real clock moved on by <see cref="Offset"/>: the app reads time only through TimeProvider.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
        set => Interlocked.Exchange(ref offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>The store on a clock the tests can move forward.</summary>
public sealed class ClockedStore : StoreFactory
{
    public ShiftedClock Clock { get; } = new();

    // The real default, which the test kit raises for everyone else.
    public ClockedStore() => With("Checkout:LinkRequestsPerHourLimit", "5");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}

/// <summary>Who sees an order's name, email and address from a link: the return page and the guest order link.</summary>
public sealed partial class OrderPrivacyTests(ClockedStore store) : IClassFixture<ClockedStore>
{
    [Fact]
    public async Task The_return_page_shows_the_order_only_in_the_browser_that_paid_and_only_for_an_hour()
    {
        var pad = await store.AddSellableProductAsync("Private return pad", 25m, 3);
        using var shopper = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(shopper, pad.VariantId);
        var email = $"robin-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(shopper, email);
        await store.Stripe.PayAsync(sessionId, email: email, name: "Robin Quiet", address: new FibroStore.StripeEmulator.TestAddress("12 Private Lane", "York", "YO1 7HH"));
        var link = $"/checkout/complete?session_id={sessionId}";
        try
        {
            var own = await shopper.GetPageAsync(link);
            Assert.Contains(email, own);
            Assert.Contains("Robin Quiet", own);
            Assert.Contains("12 Private Lane", own);

            // The same link pasted into another browser.
            using var stranger = store.CreateBrowserClient();
            var elsewhere = await stranger.GetPageAsync(link);
            AssertCalm(elsewhere, email);

            // The paying browser itself, two hours later (a shared computer's history).
            store.Clock.Offset = TimeSpan.FromHours(2);
            AssertCalm(await shopper.GetPageAsync(link), email);
        }
        finally
        {
            store.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task An_expired_guest_order_link_offers_a_form_that_emails_a_fresh_working_link_and_answers_alike_for_any_address()
    {
        var pad = await store.AddSellableProductAsync("Long-ago pad", 14m, 3);
        var email = $"later-{Guid.NewGuid():N}@example.org";
        var (number, _) = await store.PlacePaidOrderAsync(pad, email: email);
        var receipt = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains("is confirmed", StringComparison.Ordinal));
        var oldLink = OrderLinkIn(receipt.TextBody, number);
        using var browser = store.CreateBrowserClient();
        Assert.Contains($"Order {number}", await browser.GetPageAsync(oldLink));
        try
        {
            store.Clock.Offset = TimeSpan.FromDays(31);
            var expired = await browser.GetPageAsync(oldLink);
            Assert.Contains("This order link has expired", expired);
            Assert.DoesNotContain(email, expired);
            Assert.DoesNotContain("Long-ago pad", expired);
            Assert.Contains("Email me a new link", expired);

            var action = oldLink + "&handler=FreshLink";
            var wrong = await browser.PostFormAsync(oldLink, new Dictionary<string, string> { ["Email"] = "someone-else@example.org" }, action);
            var right = await browser.PostFormAsync(oldLink, new Dictionary<string, string> { ["Email"] = email.ToUpperInvariant() }, action);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            var wrongPage = await wrong.Content.ReadAsStringAsync();
            Assert.Contains("If that is the address the order was placed with, a new link is on its way to it.", wrongPage);
            Assert.Equal(Notice(wrongPage), Notice(await right.Content.ReadAsStringAsync()));

            var fresh = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject == $"A new link to your order {number}");
            var freshLink = OrderLinkIn(fresh.TextBody, number);
            Assert.NotEqual(oldLink, freshLink);
            using var later = store.CreateBrowserClient();
            Assert.Contains($"Order {number}", await later.GetPageAsync(freshLink));
            Assert.Contains("This order link has expired", await later.GetPageAsync(oldLink));
            await store.DrainOutboxAsync();
            Assert.Empty(store.Mailbox.To("someone-else@example.org"));

            // Five asks an hour: three more are answered, the sixth is asked to wait.
            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.OK, (await browser.PostFormAsync(oldLink, new Dictionary<string, string> { ["Email"] = $"guess{i}@example.org" }, action)).StatusCode);
            var slowed = await browser.PostFormAsync(oldLink, new Dictionary<string, string> { ["Email"] = email }, action);
            Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
            Assert.Contains("Please wait an hour, then try again.", await slowed.Content.ReadAsStringAsync());
        }
        finally
        {
            store.Clock.Offset = TimeSpan.Zero;
        }
    }

    private static void AssertCalm(string page, string email)
    {
        Assert.Contains("This order is placed. Its details are in the confirmation email", page);
        Assert.DoesNotContain(email, page);
        Assert.DoesNotContain("Robin Quiet", page);
        Assert.DoesNotContain("12 Private Lane", page);
        Assert.DoesNotContain("?t=", page);
    }

    private static string OrderLinkIn(string? text, string number)
    {
        var match = Regex.Match(text ?? "", $@"https?://[^\s/]+(/orders/{number}\?t=[^\s>)]+)");
        Assert.True(match.Success, $"No order link in: {text}");
        return match.Groups[1].Value;
    }

    private static string Notice(string page) => NoticePattern().Match(page).Value;

    [GeneratedRegex("<p class=\"notice\" role=\"status\">[^<]*</p>")]
    private static partial Regex NoticePattern();
}
