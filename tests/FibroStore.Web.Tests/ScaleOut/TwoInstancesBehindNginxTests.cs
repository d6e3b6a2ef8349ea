using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FibroStore.SharedKernel.Security;
using Xunit.Abstractions;

namespace FibroStore.Web.Tests.ScaleOut;

/// <summary>
/// The store as it is meant to run: several stateless instances behind a load balancer on one PostgreSQL. Whatever one
/// instance does, the other sees; background work runs once in total; client addresses and https come from the proxy.
/// </summary>
[Trait("Run", "Alone")]
public sealed class TwoInstancesBehindNginxTests(TwoInstances store, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_sign_in_and_a_form_token_from_one_instance_are_valid_on_the_other()
    {
        var email = $"two-hosts-{Tag()}@example.org";
        await store.Holder.CreateUserAsync(email);
        var cookies = new CookieContainer();
        using var onA = TwoInstances.Client(store.A.Direct, "127.0.0.21", cookies);
        using var onB = TwoInstances.Client(store.B.Direct, "127.0.0.21", cookies);

        var token = TwoInstances.FormToken(await onA.GetPageAsync("/Identity/Account/Login"));
        var forged = await onB.PostRawAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword }, "not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var signIn = await onB.PostRawAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword }, token);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // Signed in on B, known on A.
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/account/orders")).StatusCode);
        using var stranger = TwoInstances.Client(store.A.Direct, "127.0.0.22");
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/account/orders")).StatusCode);
    }

    [Fact]
    public async Task A_cart_survives_switching_instance()
    {
        var product = await store.Holder.AddSellableProductAsync($"Cherry stone pillow {Tag()}", 18m, 20);
        var cookies = new CookieContainer();
        using var onA = TwoInstances.Client(store.A.Direct, "127.0.0.23", cookies);
        using var onB = TwoInstances.Client(store.B.Direct, "127.0.0.23", cookies);

        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(onA, product.VariantId, 2)).StatusCode);

        var cart = await onB.GetPageAsync("/cart");
        Assert.Contains(product.Name, cart, StringComparison.Ordinal);
        Assert.Contains("36.00", cart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_price_change_on_one_instance_evicts_the_cached_product_page_on_both()
    {
        var product = await store.Holder.AddSellableProductAsync($"Lavender eye mask {Tag()}", 12.50m, 20);
        var url = $"/products/{product.Slug}";
        using var visitorA = TwoInstances.Client(store.A.Direct, "127.0.0.24");
        using var visitorB = TwoInstances.Client(store.B.Direct, "127.0.0.24");
        foreach (var visitor in new[] { visitorA, visitorB })
        {
            Assert.Contains("12.50", await visitor.GetPageAsync(url), StringComparison.Ordinal);
            var again = await visitor.GetAsync(url);
            Assert.NotNull(again.Headers.Age); // served from that instance's cache
        }

        var merchandiser = $"merch-{Tag()}@example.org";
        await store.Holder.CreateUserAsync(merchandiser, StoreFactory.DefaultPassword, StaffRoles.Merchandiser);
        using var staff = TwoInstances.Client(store.A.Direct, "127.0.0.25");
        await SignInAsync(staff, merchandiser);
        var editUrl = $"/staff/catalog/variants/{product.VariantId}";
        var token = TwoInstances.FormToken(await staff.GetPageAsync(editUrl));
        var sku = (string)(await store.Holder.SqlAsync("SELECT sku FROM catalog.variants WHERE id = @id", ("id", product.VariantId)))!;
        var name = (string)(await store.Holder.SqlAsync("SELECT name FROM catalog.variants WHERE id = @id", ("id", product.VariantId)))!;
        var saved = await staff.PostRawAsync($"{editUrl}?handler=Save", new Dictionary<string, string>
        {
            ["Variant.Name"] = name, ["Variant.Sku"] = sku, ["Variant.Price"] = "14.75", ["Variant.WeightGrams"] = "0",
            ["Variant.TrackStock"] = "true", ["Variant.AllowBackorder"] = "false", ["Variant.LowStockThreshold"] = "1", ["Archived"] = "false",
        }, token);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect,
            $"Saving the price answered {(int)saved.StatusCode}: {TextOfMain(await saved.Content.ReadAsStringAsync())}");
        var changed = Stopwatch.StartNew();

        var seen = new Dictionary<string, TimeSpan>();
        await TwoInstances.WaitForAsync(async () =>
        {
            foreach (var (instance, visitor) in new[] { ("A", visitorA), ("B", visitorB) })
                if (!seen.ContainsKey(instance) && (await visitor.GetPageAsync(url)).Contains("14.75", StringComparison.Ordinal))
                    seen[instance] = changed.Elapsed;
            return seen.Count == 2;
        }, "the new price on both instances' product page", seconds: 10);
        output.WriteLine($"Measured: a price saved on instance A showed on both instances' cached product pages within " +
                         $"{seen.Values.Max().TotalMilliseconds:0} ms (A, which saved it: {seen["A"].TotalMilliseconds:0} ms; " +
                         $"B, evicted through PostgreSQL: {seen["B"].TotalMilliseconds:0} ms; allowed 10 s)");
    }

    [Fact]
    public async Task Scheduled_publishing_the_campaign_it_starts_and_the_stock_sweeper_each_run_once_in_total()
    {
        // Both instances met the due article and the expired holds when they started.
        await TwoInstances.WaitForAsync(() => Task.FromResult(store.SubscriberEmails.All(store.Relay.ByRecipient.ContainsKey)),
            "the campaign email at every subscriber", seconds: 60);
        await TwoInstances.WaitForAsync(async () => await CountAsync(
            "SELECT count(*) FROM subscribers.deliveries d JOIN subscribers.campaigns c ON c.id = d.campaign_id WHERE c.article_id = @id AND d.status = 'Pending'",
            store.ScheduledArticleId) == 0, "every delivery finished", seconds: 30);
        await TwoInstances.WaitForAsync(async () => (await store.Holder.StockOfAsync(store.HeldVariant.VariantId)).Reserved == 0,
            "the expired holds released", seconds: 60);
        // A second run anywhere would have gone out by now: the instances poll every second.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM editorial.outbox_messages WHERE type LIKE 'FibroStore.Editorial.Contracts.ArticlePublished%' AND payload::text LIKE '%' || @id || '%'",
            store.ScheduledArticleId.ToString()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM subscribers.campaigns WHERE article_id = @id", store.ScheduledArticleId));
        Assert.All(store.SubscriberEmails, email => Assert.Equal(1, store.Relay.ByRecipient[email]));

        var stock = await store.Holder.StockOfAsync(store.HeldVariant.VariantId);
        Assert.Equal((10, 0), (stock.OnHand, stock.Reserved));
        Assert.Equal(TwoInstances.ExpiredHolds, await CountAsync(
            "SELECT count(*) FROM catalog.stock_movements WHERE variant_id = @id AND kind = 'Released'", store.HeldVariant.VariantId));
    }

    [Fact]
    public async Task A_webhook_delivered_to_both_instances_is_processed_once()
    {
        var product = await store.Holder.AddSellableProductAsync($"Heated throw {Tag()}", 40m, 5);
        var email = $"payer-{Tag()}@example.org";
        var cookies = new CookieContainer();
        using var shopper = TwoInstances.Client(store.A.Direct, "127.0.0.26", cookies);
        await StoreFactory.AddToCartAsync(shopper, product.VariantId);
        var checkout = await shopper.PostRawAsync("/cart?handler=Checkout", new Dictionary<string, string> { ["Input.Email"] = email },
            TwoInstances.FormToken(await shopper.GetPageAsync("/cart")));
        Assert.Equal(HttpStatusCode.Redirect, checkout.StatusCode);
        var sessionId = StoreFactory.SessionIdFrom(new Uri(store.A.Direct, checkout.Headers.Location!));
        var paid = await shopper.Http.PostAsync($"/stripe-emulator/pay/{sessionId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["card_number"] = "4242 4242 4242 4242", ["expiry"] = $"12 / {(DateTime.UtcNow.Year + 1) % 100:00}", ["cvc"] = "123",
            ["name"] = "Dana Whitlow", ["line1"] = "1 Test Street", ["line2"] = "", ["city"] = "Portland", ["state"] = "OR",
            ["postal_code"] = "97201", ["country"] = "US",
        }));
        Assert.True(paid.StatusCode == HttpStatusCode.SeeOther, $"The payment page answered {(int)paid.StatusCode}");

        // Stripe's event for the completed session, as Stripe would send it (the emulator was told not to).
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/stripe-emulator/v1/checkout/sessions/{sessionId}");
        read.Headers.Authorization = new("Bearer", "sk_test_fibrostore_emulator");
        var session = JsonNode.Parse(await (await shopper.Http.SendAsync(read)).Content.ReadAsStringAsync())!;
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var json = new JsonObject
        {
            ["id"] = eventId, ["object"] = "event", ["api_version"] = "2025-09-30.clover",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["livemode"] = false, ["pending_webhooks"] = 1,
            ["type"] = "checkout.session.completed", ["data"] = new JsonObject { ["object"] = session },
        }.ToJsonString();

        var answers = await Task.WhenAll(PostSignedAsync(store.A.Direct, json), PostSignedAsync(store.B.Direct, json));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));

        await TwoInstances.WaitForAsync(() => Task.FromResult(store.Relay.ByRecipient.ContainsKey(email)), "the order email", seconds: 60);
        await TwoInstances.WaitForAsync(async () => await CountAsync(
            "SELECT count(*) FROM payments.outbox_messages WHERE processed_at IS NULL") + await CountAsync(
            "SELECT count(*) FROM ordering.outbox_messages WHERE processed_at IS NULL") == 0, "both outboxes empty", seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await store.Holder.CountOrdersForSessionAsync(sessionId));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM payments.webhook_events WHERE id = @id", eventId));
        Assert.Equal(1, store.Relay.ByRecipient[email]);
        Assert.Equal(4, (await store.Holder.StockOfAsync(product.VariantId)).OnHand);
    }

    [Fact]
    public async Task Client_addresses_and_https_come_from_nginx_and_from_nowhere_else()
    {
        // Through nginx (which ends TLS) the store sees https: its cookies are secure-only.
        using var viaNginx = TwoInstances.Client(store.Proxy.Address, "127.0.0.31");
        var secure = await viaNginx.GetAsync("/Identity/Account/Login");
        Assert.Contains(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fs.af=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        // A client that says https itself, straight to an instance, is not believed.
        using var direct = TwoInstances.Client(store.A.Direct, "127.0.0.32");
        using var claim = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login");
        claim.Headers.Add("X-Forwarded-Proto", "https");
        var plain = await direct.Http.SendAsync(claim);
        Assert.Contains(plain.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fs.af=", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.Headers.GetValues("Set-Cookie"), c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));

        // Sign-in attempts are limited to 3 per client (in PostgreSQL, across instances). Two clients behind nginx are
        // two clients: the address nginx saw, not nginx's own.
        using var first = TwoInstances.Client(store.Proxy.Address, "127.0.0.41");
        using var second = TwoInstances.Client(store.Proxy.Address, "127.0.0.42");
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongSignInAsync(first));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongSignInAsync(first));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongSignInAsync(second));
        // nginx puts the address it saw in place of one the client wrote.
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongSignInAsync(first, forwardedFor: "198.51.100.7"));

        // Straight to an instance from an address that is not the proxy, a forged X-Forwarded-For changes nothing.
        using var stranger = TwoInstances.Client(store.B.Direct, "127.0.0.43");
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongSignInAsync(stranger));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongSignInAsync(stranger, forwardedFor: "198.51.100.8"));
    }

    [Fact]
    public async Task Metrics_answer_on_their_own_listener_and_not_through_nginx_or_the_store_port()
    {
        using var viaNginx = TwoInstances.Client(store.Proxy.Address, "127.0.0.51");
        Assert.Equal(HttpStatusCode.NotFound, (await viaNginx.GetAsync("/metrics")).StatusCode);
        using var storePort = TwoInstances.Client(store.A.Direct, "127.0.0.51");
        Assert.Equal(HttpStatusCode.NotFound, (await storePort.GetAsync("/metrics")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await storePort.GetAsync("/health/ready")).StatusCode);
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{store.A.MetricsPort}") };
        var text = await scraper.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("fibrostore_outbox_backlog", text, StringComparison.Ordinal);
    }

    private async Task SignInAsync(BrowserClient client, string email)
    {
        var response = await client.PostRawAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword },
            TwoInstances.FormToken(await client.GetPageAsync("/Identity/Account/Login")));
        var next = response.Headers.Location?.OriginalString ?? "";
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in answered {(int)response.StatusCode}");
        if (next.StartsWith("/Identity/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
        {
            response = await client.PostRawAsync(next,
                new Dictionary<string, string> { ["Input.TwoFactorCode"] = Authenticator.Code(store.Holder.AuthenticatorKeyOf(email)) },
                TwoInstances.FormToken(await client.GetPageAsync(next)));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    /// <summary>One sign-in attempt with a wrong password for an address nobody has (so only the per-client limit counts).</summary>
    private static async Task<HttpStatusCode> WrongSignInAsync(BrowserClient client, string? forwardedFor = null)
    {
        var token = TwoInstances.FormToken(await client.GetPageAsync("/Identity/Account/Login"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = $"nobody-{Tag()}@example.org", ["Input.Password"] = "not the password at all", ["__RequestVerificationToken"] = token,
            }),
        };
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.Http.SendAsync(request)).StatusCode;
    }

    private static async Task<HttpStatusCode> PostSignedAsync(Uri instance, string json)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_fibrostore_emulator"), Encoding.UTF8.GetBytes($"{timestamp}.{json}"));
        using var http = new HttpClient { BaseAddress = instance };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
        return (await http.SendAsync(request)).StatusCode;
    }

    /// <summary>What a person reads in the page's main part (its messages), without the markup.</summary>
    private static string TextOfMain(string html)
    {
        var main = System.Text.RegularExpressions.Regex.Match(html, "(?s)<main.*?</main>").Value;
        return System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(main, "<[^>]+>", " "), "\\s+", " ").Trim();
    }

    private async Task<long> CountAsync(string sql, object? id = null) =>
        Convert.ToInt64(await store.Holder.SqlAsync(sql, id is null ? [] : [("id", id)]), CultureInfo.InvariantCulture);
}
