using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FibroStore.Ordering.Tests.Staff;

namespace FibroStore.Ordering.Tests;

public sealed class WebhookTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Every_event_delivered_ten_times_in_shuffled_order_yields_one_order_one_stock_sale_and_one_email()
    {
        var pad = await store.AddSellableProductAsync("Infrared heat wrap", 45m, 8);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var email = $"replay-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email);

        store.Stripe.PauseDeliveries();
        var before = store.Stripe.Events.Count;
        await store.Stripe.PayAsync(sessionId, email: email);
        var events = store.Stripe.Events.Skip(before).ToList();
        Assert.Contains(events, e => e.Type == "checkout.session.completed");

        var deliveries = events.SelectMany(e => Enumerable.Repeat(e.Id, 10)).ToList();
        var shuffled = deliveries.OrderBy(_ => Random.Shared.Next()).ToList();
        var statuses = await Task.WhenAll(shuffled.Select(id => store.Stripe.DeliverAsync(id)));
        Assert.All(statuses, s => Assert.Equal(200, s));
        await store.DrainOutboxAsync();

        Assert.Equal(1, await store.CountOrdersForSessionAsync(sessionId));
        Assert.Equal((6, 0, 6), await store.StockOfAsync(pad.VariantId));
        // The receipt goes out through the outbox and SMTP; on a busy machine a first try may be retried.
        await store.Mailbox.WaitForAsync(email);
        Assert.Single(store.Mailbox.To(email));
        Assert.Equal(events.Count, await CountInboxAsync(events.Select(e => e.Id)));
        // Only the first delivery of an event the store acts on stages its meaning; the nine replays stage nothing.
        Assert.Equal(events.Count(e => e.Type.StartsWith("checkout.session.", StringComparison.Ordinal)), await CountStagedForAsync(sessionId));
        store.Stripe.ResumeDeliveries();
    }

    [Fact]
    public async Task A_forged_signature_is_refused_with_400_and_changes_nothing()
    {
        var pad = await store.AddSellableProductAsync("Bamboo socks", 8m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        store.Stripe.PauseDeliveries();
        var before = store.Stripe.Events.Count;
        await store.Stripe.PayAsync(sessionId);
        var completed = store.Stripe.Events.Skip(before).Single(e => e.Type == "checkout.session.completed");

        using var http = store.CreateClient();
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var wrongKey = Sign(completed.Json, stamp, "whsec_not_the_store_secret");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, completed.Json, $"t={stamp},v1={wrongKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, completed.Json, null)).StatusCode);
        var tampered = completed.Json.Replace("\"paid\"", "\"unpaid\"", StringComparison.Ordinal);
        var goodForOriginal = Sign(completed.Json, stamp, "whsec_fibrostore_emulator");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, tampered, $"t={stamp},v1={goodForOriginal}")).StatusCode);
        var old = stamp - 3600;
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, completed.Json, $"t={old},v1={Sign(completed.Json, old, "whsec_fibrostore_emulator")}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, "not json at all", $"t={stamp},v1={Sign("not json at all", stamp, "whsec_fibrostore_emulator")}")).StatusCode);

        await store.DrainOutboxAsync();
        Assert.Equal(0, await store.CountOrdersForSessionAsync(sessionId));
        Assert.Equal(0, await CountInboxAsync([completed.Id]));
        store.Stripe.ResumeDeliveries();
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, "the genuine delivery");
    }

    [Fact]
    public async Task A_billing_address_other_than_the_delivery_address_is_kept_and_shown_in_full()
    {
        var pad = await store.AddSellableProductAsync("Billing pad", 15m, 3);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var email = $"billing-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email);
        store.Stripe.PauseDeliveries();
        var before = store.Stripe.Events.Count;
        await store.Stripe.PayAsync(sessionId, email: email);
        var completed = store.Stripe.Events.Skip(before).Single(e => e.Type == "checkout.session.completed");

        // What Stripe sends when the shopper unticks "billing address same as shipping" (the emulator has one address form).
        var payload = JsonNode.Parse(completed.Json)!;
        payload["data"]!["object"]!["customer_details"]!["address"] = new JsonObject
        {
            ["line1"] = "9 Mill Lane", ["line2"] = "Flat 2", ["city"] = "Leeds", ["state"] = null, ["postal_code"] = "LS1 4AP", ["country"] = "GB",
        };
        var json = payload.ToJsonString();
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var http = store.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, json, $"t={stamp},v1={Sign(json, stamp, "whsec_fibrostore_emulator")}")).StatusCode);
        // The unchanged event, delivered now, is a repeat of the same event id and changes nothing.
        store.Stripe.ResumeDeliveries();
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, "the order");
        var order = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.AsNoTracking().SingleAsync(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId));
        });

        Assert.Equal(new OrderAddress("Test Shopper", "9 Mill Lane", "Flat 2", "Leeds", null, "LS1 4AP", "GB"), order.BillingAddress);
        Assert.Equal("1 Test Street", order.ShippingAddress?.Line1);
        var receipt = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains(order.DisplayNumber, StringComparison.Ordinal));
        Assert.Contains("Billing address: Test Shopper, 9 Mill Lane, Flat 2, Leeds, LS1 4AP, GB", receipt.TextBody);
        var page = await client.GetPageAsync($"/checkout/complete?session_id={sessionId}");
        Assert.Matches(@"<h2>Billing address</h2>\s*<address>\s*Test Shopper<br />\s*9 Mill Lane<br />\s*Flat 2<br />\s*Leeds<br />\s*LS1 4AP<br />\s*GB<br />\s*</address>", page);
        Assert.DoesNotContain("Same as the delivery address", page);
        using var staff = await store.MerchandiserAsync();
        Assert.Matches(@"<dt>Bill to</dt>\s*<dd>\s*Test Shopper, 9 Mill Lane, Flat 2, Leeds, LS1 4AP, GB\s*</dd>", await staff.GetPageAsync($"/staff/orders/{order.DisplayNumber}"));
    }

    [Fact]
    public async Task An_event_type_the_store_does_not_handle_gets_200_and_is_recorded()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"evt_unhandled_{Guid.NewGuid():N}", ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["data"] = new { @object = new { id = "cus_1", @object = "customer" } },
            ["livemode"] = false, ["pending_webhooks"] = 1, ["request"] = new { id = (string?)null, idempotency_key = (string?)null },
            ["type"] = "customer.created",
        });
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var http = store.CreateClient();
        var response = await PostAsync(http, json, $"t={stamp},v1={Sign(json, stamp, "whsec_fibrostore_emulator")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string json, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (signature is not null)
            request.Headers.Add("Stripe-Signature", signature);
        return http.SendAsync(request);
    }

    private static string Sign(string payload, long stamp, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{stamp}.{payload}")));

    /// <summary>Messages Payments staged in its outbox about the session (processed or not).</summary>
    private Task<int> CountStagedForAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<FibroStore.Payments.Data.PaymentsDbContext>();
            return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM payments.outbox_messages WHERE payload::text LIKE {"%" + sessionId + "%"}").SingleAsync();
        });

    private Task<int> CountInboxAsync(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        return store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<FibroStore.Payments.Data.PaymentsDbContext>();
            return await db.WebhookEvents.CountAsync(e => list.Contains(e.Id));
        });
    }
}
