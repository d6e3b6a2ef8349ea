using FibroStore.Ordering.Tests.Staff;

namespace FibroStore.Ordering.Tests;

/// <summary>What a page on another site can make a shopper's browser do here: nothing.</summary>
public sealed class CrossSiteTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_form_post_from_another_site_to_add_to_cart_is_refused_and_the_cart_is_unchanged()
    {
        var pad = await store.AddSellableProductAsync("Cross-site pad", 9m, 20);
        var other = await store.AddSellableProductAsync("Unwanted extra", 5m, 20);
        using var client = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, pad.VariantId)).StatusCode);

        // What a browser sends when a page on evil.example submits a form here.
        var forged = await PostAddAsync(client, other.VariantId, 7, ("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("sent from another website", await forged.Content.ReadAsStringAsync());
        // An older browser that names only the origin.
        var forgedOrigin = await PostAddAsync(client, other.VariantId, 7, ("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, forgedOrigin.StatusCode);
        // A sibling subdomain is not the store either.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAddAsync(client, other.VariantId, 7, ("Sec-Fetch-Site", "same-site"))).StatusCode);
        Assert.Equal(0, await QuantityInCartsAsync(other.VariantId));
        Assert.Equal(1, await QuantityInCartsAsync(pad.VariantId));

        // The store's own product page form (and a browser that sends neither header) still adds.
        var sameSite = await PostAddAsync(client, pad.VariantId, 2, ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://localhost"));
        Assert.Equal(HttpStatusCode.Redirect, sameSite.StatusCode);
        var sameOrigin = await PostAddAsync(client, pad.VariantId, 1, ("Origin", "http://localhost"));
        Assert.Equal(HttpStatusCode.Redirect, sameOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, pad.VariantId)).StatusCode);
        Assert.Equal(5, await QuantityInCartsAsync(pad.VariantId));
    }

    [Fact]
    public async Task Server_to_server_endpoints_are_not_refused_for_a_foreign_origin()
    {
        using var http = store.CreateClient();
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent("{}") };
        webhook.Headers.Add("Sec-Fetch-Site", "cross-site");
        webhook.Headers.Add("Stripe-Signature", "t=1,v1=00");
        // Refused for its signature (400), not for where it came from (403).
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(webhook)).StatusCode);
    }

    [Fact]
    public async Task A_link_to_the_cancel_page_from_elsewhere_cancels_nothing_and_only_the_payment_pages_own_link_does()
    {
        var pad = await store.AddSellableProductAsync("Kept payment pad", 30m, 2);
        using var shopper = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(shopper, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(shopper);
        var cancelLink = new Uri(store.Stripe.GetSession(sessionId)!.CancelUrl).PathAndQuery;

        // A link on another site, followed by the shopper's own browser (the cart cookie goes with a top-level GET).
        Assert.Equal(HttpStatusCode.Redirect, (await shopper.GetAsync("/checkout/cancelled")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await shopper.GetAsync($"/checkout/cancelled?checkout={Guid.NewGuid():N}")).StatusCode);
        // The right link, but in someone else's browser.
        using var stranger = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync(cancelLink)).StatusCode);
        Assert.Equal("open", store.Stripe.GetSession(sessionId)!.Status);
        Assert.Equal((2, 1, 1), await store.StockOfAsync(pad.VariantId));

        // The payment page's own link, in the shopper's browser.
        Assert.Equal(HttpStatusCode.Redirect, (await shopper.GetAsync(cancelLink)).StatusCode);
        Assert.Equal("expired", store.Stripe.GetSession(sessionId)!.Status);
        Assert.Equal((2, 0, 2), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task Order_checkout_cart_and_staff_pages_tell_browsers_not_to_store_them()
    {
        var (number, sessionId) = await store.PlacePaidOrderAsync(await store.AddSellableProductAsync("Private pad", 11m, 3));
        using var guest = store.CreateBrowserClient();
        using var staff = await store.MerchandiserAsync();
        var responses = new[]
        {
            await guest.GetAsync("/cart"),
            await guest.GetAsync($"/checkout/complete?session_id={sessionId}"),
            await guest.GetAsync($"/orders/{number}"),
            await staff.GetAsync("/staff"),
            await staff.GetAsync($"/staff/orders/{number}"),
            await staff.GetAsync("/account/orders"),
        };
        Assert.All(responses, r => Assert.Contains("no-store", r.Headers.CacheControl?.ToString() ?? ""));
        Assert.DoesNotContain("no-store", (await guest.GetAsync("/shop")).Headers.CacheControl?.ToString() ?? "");
    }

    private static Task<HttpResponseMessage> PostAddAsync(BrowserClient client, Guid variantId, int quantity, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/cart/add")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["variantId"] = variantId.ToString(), ["quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        };
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        return client.Http.SendAsync(request);
    }

    private Task<int> QuantityInCartsAsync(Guid variantId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().CartLines.Where(l => l.VariantId == variantId).SumAsync(l => l.Quantity));
}
