using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FibroStore.Web.Tests.Hardening;

/// <summary>
/// Validly signed webhook events that are odd in shape: each is answered 400 (it cannot be a Stripe event) or
/// stored and answered 200 (it is one, with something the store cannot act on), never 500.
/// Payloads follow the shape of Stripe's documented events.
/// </summary>
public sealed class WebhookInputTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Secret = "whsec_fibrostore_emulator";

    public static TheoryData<string, string> Refused => new()
    {
        { "an empty object", "{}" },
        { "an event without an id", Event(null, "customer.created", Customer()).ToJsonString() },
        { "an id of 300 characters", Event("evt_" + new string('a', 296), "customer.created", Customer()).ToJsonString() },
        { "a type of 150 characters", Event(NewId(), "customer." + new string('x', 141), Customer()).ToJsonString() },
        { "an event without a type", Event(NewId(), null, Customer()).ToJsonString() },
        { "JSON with a comment", "{ /* note */ \"id\": \"" + NewId() + "\", \"object\": \"event\", \"type\": \"customer.created\" }" },
        { "JSON with a trailing comma", "{\"id\": \"" + NewId() + "\", \"object\": \"event\", \"type\": \"customer.created\",}" },
        { "a number no database can hold", "{\"id\": \"" + NewId() + "\", \"object\": \"event\", \"type\": \"customer.created\", \"extra\": 1e400000}" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_signed_payload_that_cannot_be_a_stripe_event_is_refused_with_400(string what, string json)
    {
        var before = await InboxCountAsync();

        var response = await PostSignedAsync(json);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what} answered {(int)response.StatusCode}");
        Assert.Equal(before, await InboxCountAsync());
    }

    [Fact]
    public async Task A_null_character_a_customer_typed_is_kept_as_a_replacement_character_and_the_order_is_placed()
    {
        var (sessionId, completed) = await PaidButUndeliveredAsync("Null heat pad");
        var payload = JsonNode.Parse(completed.Json)!;
        payload["data"]!["object"]!["customer_details"]!["name"] = "Ada\u0000 Lovelace";
        var json = payload.ToJsonString();
        Assert.Contains("\\u0000", json, StringComparison.Ordinal);

        var response = await PostSignedAsync(json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ada\uFFFD Lovelace", await store.SqlAsync(
            "SELECT payload->'data'->'object'->'customer_details'->>'name' FROM payments.webhook_events WHERE id = @id", ("id", completed.Id)));
        Assert.Equal(true, await store.SqlAsync("SELECT handled FROM payments.webhook_events WHERE id = @id", ("id", completed.Id)));
        store.Stripe.ResumeDeliveries();
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, "the order from the repaired event");
    }

    [Fact]
    public async Task A_surrogate_escape_without_its_pair_is_stored_and_answered_200()
    {
        var id = NewId();
        var json = Event(id, "customer.created", Customer()).ToJsonString()
            .Replace("\"Test customer\"", "\"Half \\ud83d a smile, and a whole \\ud83d\\ude42\"", StringComparison.Ordinal);

        var response = await PostSignedAsync(json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Half \uFFFD a smile, and a whole \U0001F642", await store.SqlAsync(
            "SELECT payload->'data'->'object'->>'name' FROM payments.webhook_events WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task A_refund_notice_without_a_currency_is_kept_logged_and_answered_200()
    {
        var id = NewId();
        var charge = new JsonObject
        {
            ["id"] = "ch_" + Guid.NewGuid().ToString("N")[..24], ["object"] = "charge", ["amount"] = 2500, ["amount_captured"] = 2500,
            ["amount_refunded"] = 2500, ["captured"] = true, ["paid"] = true, ["refunded"] = true, ["status"] = "succeeded",
            ["payment_intent"] = "pi_" + Guid.NewGuid().ToString("N")[..24], ["livemode"] = false,
        };

        var response = await PostSignedAsync(Event(id, "charge.refunded", charge).ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(false, await store.SqlAsync("SELECT handled FROM payments.webhook_events WHERE id = @id", ("id", id)));
        Assert.Contains(store.Logs.Lines, line => line.Contains(id, StringComparison.Ordinal) && line.Contains("no currency", StringComparison.Ordinal));
    }

    /// <summary>A real checkout paid on the emulator, whose completed event is held back for the test to send.</summary>
    private async Task<(string SessionId, FibroStore.StripeEmulator.EmulatedEvent Completed)> PaidButUndeliveredAsync(string product)
    {
        var pad = await store.AddSellableProductAsync(product, 12m, 4);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var email = $"webhook-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email);
        store.Stripe.PauseDeliveries();
        var before = store.Stripe.Events.Count;
        await store.Stripe.PayAsync(sessionId, email: email);
        return (sessionId, store.Stripe.Events.Skip(before).Single(e => e.Type == "checkout.session.completed"));
    }

    private static string NewId() => "evt_" + Guid.NewGuid().ToString("N")[..24];

    private static JsonObject Customer() => new()
    {
        ["id"] = "cus_" + Guid.NewGuid().ToString("N")[..14], ["object"] = "customer", ["email"] = "customer@example.org",
        ["name"] = "Test customer", ["livemode"] = false,
    };

    /// <summary>An event as Stripe documents it: envelope, API version, and the object in data.object.</summary>
    private static JsonObject Event(string? id, string? type, JsonObject dataObject)
    {
        var e = new JsonObject
        {
            ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion, ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = dataObject }, ["livemode"] = false, ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        };
        if (id is not null) e["id"] = id;
        if (type is not null) e["type"] = type;
        return e;
    }

    private async Task<HttpResponseMessage> PostSignedAsync(string json)
    {
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{stamp}.{json}")));
        using var http = store.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", $"t={stamp},v1={signature}");
        return await http.SendAsync(request);
    }

    /// <summary>Stored events other than the checkout events the emulator may still be delivering from an earlier test.</summary>
    private async Task<long> InboxCountAsync() =>
        (long)(await store.SqlAsync("SELECT count(*) FROM payments.webhook_events WHERE type NOT LIKE 'checkout.session.%'"))!;
}
