using System.Globalization;

namespace FibroStore.StripeEmulator.Tests;

public sealed class CheckoutSessionTests : IAsyncLifetime
{
    private readonly EmulatorHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Created_session_carries_every_field_and_the_totals()
    {
        var coupon = await new CouponService(host.Stripe).CreateAsync(new CouponCreateOptions
        {
            AmountOff = 500, Currency = "usd", Duration = "once", Name = "Welcome", MaxRedemptions = 10,
        });

        var created = await host.CreateSessionAsync(coupon.Id);

        Assert.StartsWith("cs_test_", created.Id, StringComparison.Ordinal);
        Assert.Equal("checkout.session", created.Object);
        Assert.Equal(("open", "unpaid", "payment"), (created.Status, created.PaymentStatus, created.Mode));
        Assert.Equal(4999, created.AmountSubtotal);
        Assert.Equal((500, 500L, 0), (created.TotalDetails.AmountDiscount, created.TotalDetails.AmountShipping, created.TotalDetails.AmountTax));
        Assert.Equal(4999 - 500 + 500, created.AmountTotal);
        Assert.Equal("usd", created.Currency);
        Assert.Equal($"{host.BaseUrl}/stripe-emulator/pay/{created.Id}", created.Url);
        Assert.Equal(("ada@example.org", "order-42"), (created.CustomerEmail, created.ClientReferenceId));
        Assert.Equal("42", created.Metadata["order_id"]);
        Assert.Equal(["US", "CA"], created.ShippingAddressCollection.AllowedCountries);
        Assert.Equal([500L, 1500L], created.ShippingOptions.Select(o => o.ShippingAmount));
        Assert.Equal(created.ShippingOptions[0].ShippingRateId, created.ShippingCost.ShippingRateId);
        Assert.Equal(coupon.Id, Assert.Single(created.Discounts).CouponId);
        Assert.Null(created.PaymentIntentId);
        Assert.Equal(["card"], created.PaymentMethodTypes);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddHours(2).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            created.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

        var fetched = await host.Sessions.GetAsync(created.Id, new SessionGetOptions { Expand = ["line_items"] });
        Assert.Equal(created.AmountTotal, fetched.AmountTotal);
        Assert.Equal(["Heat pack", "Sleep mask"], fetched.LineItems.Data.Select(li => li.Description));

        var lines = await new SessionLineItemService(host.Stripe).ListAsync(created.Id);
        Assert.Equal([4000L, 999L], lines.Data.Select(li => li.AmountSubtotal));
        Assert.Equal(500, lines.Data.Sum(li => li.AmountDiscount));
        Assert.Equal(4999 - 500, lines.Data.Sum(li => li.AmountTotal));
        Assert.Equal(2000, lines.Data[0].Price.UnitAmount);
    }

    [Fact]
    public async Task A_percent_coupon_is_rounded_to_the_cent()
    {
        var coupon = await new CouponService(host.Stripe).CreateAsync(new CouponCreateOptions { PercentOff = 10, Duration = "once" });

        var session = await host.CreateSessionAsync(coupon.Id);

        Assert.Equal(500, session.TotalDetails.AmountDiscount);
        Assert.Equal(4999 - 500 + 500, session.AmountTotal);
        Assert.Equal(10m, (await new CouponService(host.Stripe).GetAsync(coupon.Id)).PercentOff);
    }

    [Fact]
    public async Task Expiring_an_open_session_sends_checkout_session_expired_and_a_second_expire_is_refused()
    {
        var session = await host.CreateSessionAsync();

        var expired = await host.Sessions.ExpireAsync(session.Id);

        Assert.Equal("expired", expired.Status);
        Assert.Null(expired.Url);
        var e = await host.Receiver.WaitForAsync("checkout.session.expired");
        Assert.Equal(session.Id, ((Session)e.Data.Object).Id);
        var again = await Assert.ThrowsAsync<StripeException>(() => host.Sessions.ExpireAsync(session.Id));
        Assert.Equal(HttpStatusCode.BadRequest, again.HttpStatusCode);
        Assert.Equal("invalid_request_error", again.StripeError.Type);
    }

    public static TheoryData<string, string?, string?> BadSessions => new()
    {
        { "no line items", "parameter_missing", "line_items" },
        { "negative amount", "parameter_invalid_integer", "line_items[0][price_data][unit_amount]" },
        { "zero quantity", "parameter_invalid_integer", "line_items[0][quantity]" },
        { "unknown coupon", "resource_missing", "discounts[0][coupon]" },
        { "expires too soon", null, "expires_at" },
        { "expires too late", null, "expires_at" },
        { "bad success url", "url_invalid", "success_url" },
    };

    [Theory]
    [MemberData(nameof(BadSessions))]
    public async Task Bad_input_is_refused_with_Stripes_error(string problem, string? code, string? param)
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => host.CreateSessionAsync(change: o =>
        {
            switch (problem)
            {
                case "no line items": o.LineItems = null; break;
                case "negative amount": o.LineItems[0].PriceData.UnitAmount = -1; break;
                case "zero quantity": o.LineItems[0].Quantity = 0; break;
                case "unknown coupon": o.Discounts = [new SessionDiscountOptions { Coupon = "NOPE" }]; break;
                case "expires too soon": o.ExpiresAt = host.Clock.GetUtcNow().UtcDateTime.AddMinutes(10); break;
                case "expires too late": o.ExpiresAt = host.Clock.GetUtcNow().UtcDateTime.AddHours(25); break;
                case "bad success url": o.SuccessUrl = "not a url"; break;
            }
        }));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal(code, error.StripeError.Code);
        Assert.Equal(param, error.StripeError.Param);
        Assert.False(string.IsNullOrEmpty(error.StripeError.Message));
    }

    [Fact]
    public async Task An_unknown_session_is_a_404_resource_missing()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => host.Sessions.GetAsync("cs_test_missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("No such checkout.session: 'cs_test_missing'", error.StripeError.Message);
    }

    [Fact]
    public async Task Requests_without_a_test_secret_key_get_Stripes_401()
    {
        var noKey = await host.Browser.GetAsync("/stripe-emulator/v1/coupons/x");
        var liveKey = new CouponService(new StripeClient(new StripeClientOptions { ApiKey = "sk_live_abcdefghijkl1234", ApiBase = host.BaseUrl + "/stripe-emulator" }));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Contains("\"type\": \"invalid_request_error\"", await noKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<StripeException>(() => liveKey.GetAsync("x"));
        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.StartsWith("Invalid API Key provided: sk_live_", error.StripeError.Message, StringComparison.Ordinal);
        Assert.EndsWith("1234", error.StripeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_parameter_is_refused_like_Stripe_does()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe-emulator/v1/coupons")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["percent_off"] = "5", ["colour"] = "blue" }),
        };
        request.Headers.Authorization = new("Bearer", "sk_test_emulator");

        var response = await host.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\": \"parameter_unknown\"", body, StringComparison.Ordinal);
        Assert.Contains("\"param\": \"colour\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_idempotency_key_returns_the_first_session_and_other_parameters_are_refused()
    {
        var key = new RequestOptions { IdempotencyKey = "checkout-order-42" };
        var expiresAt = host.Clock.GetUtcNow().UtcDateTime.AddHours(1);

        var first = await host.CreateSessionAsync(change: o => o.ExpiresAt = expiresAt, request: key);
        var replay = await host.CreateSessionAsync(change: o => o.ExpiresAt = expiresAt, request: key);
        var error = await Assert.ThrowsAsync<StripeException>(() => host.CreateSessionAsync(change: o =>
        {
            o.ExpiresAt = expiresAt;
            o.ClientReferenceId = "order-43";
        }, request: key));

        Assert.Equal(first.Id, replay.Id);
        Assert.Equal(first.ToJson(), replay.ToJson());
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("idempotency_error", error.StripeError.Type);
        Assert.Contains("checkout-order-42", error.StripeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coupons_are_created_and_read_back_with_Stripes_fields()
    {
        var coupons = new CouponService(host.Stripe);

        var created = await coupons.CreateAsync(new CouponCreateOptions
        {
            Id = "FIBRO5", AmountOff = 500, Currency = "usd", Duration = "once", MaxRedemptions = 3, Name = "Five off",
        });
        var fetched = await coupons.GetAsync("FIBRO5");
        var missingCurrency = await Assert.ThrowsAsync<StripeException>(() =>
            coupons.CreateAsync(new CouponCreateOptions { AmountOff = 100, Duration = "once" }));

        Assert.Equal(created.ToJson(), fetched.ToJson());
        Assert.Equal(("coupon", 500L, "usd", "once", 3L, 0L, true), (fetched.Object, fetched.AmountOff!.Value, fetched.Currency,
            fetched.Duration, fetched.MaxRedemptions!.Value, fetched.TimesRedeemed, fetched.Valid));
        Assert.Equal("currency", missingCurrency.StripeError.Param);
    }
}
