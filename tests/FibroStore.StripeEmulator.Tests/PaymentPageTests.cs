namespace FibroStore.StripeEmulator.Tests;

public sealed class PaymentPageTests : IAsyncLifetime
{
    private readonly EmulatorHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_page_shows_the_order_and_a_labelled_form_without_inline_script_or_style()
    {
        var coupon = await new CouponService(host.Stripe).CreateAsync(new CouponCreateOptions { AmountOff = 500, Currency = "usd", Duration = "once", Name = "Welcome" });
        var session = await host.CreateSessionAsync(coupon.Id);

        var response = await host.Browser.GetAsync(new Uri(session.Url).PathAndQuery);
        var html = await response.Content.ReadAsStringAsync();
        var css = await host.Browser.GetAsync("/stripe-emulator/assets/checkout.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Stripe test payment page (local emulator)", html, StringComparison.Ordinal);
        foreach (var (field, autocomplete) in new[] { ("email", "email"), ("name", "name"), ("card_number", "cc-number"), ("expiry", "cc-exp"), ("cvc", "cc-csc"), ("line1", "address-line1"), ("postal_code", "postal-code"), ("country", "country") })
        {
            Assert.Contains($"<label for=\"{field}\">", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}\" name=\"{field}\"", html.Replace("<select id", "<input id", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains($"autocomplete=\"{autocomplete}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains("value=\"ada@example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("Heat pack", html, StringComparison.Ordinal);
        Assert.Contains("Discount (Welcome)", html, StringComparison.Ordinal);
        Assert.Contains("Shipping (Standard)", html, StringComparison.Ordinal);
        Assert.Contains("Pay $49.99", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"CA\">Canada</option>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.example/cart\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(":focus-visible", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_with_4242_redirects_to_the_success_url_and_sends_a_signed_completed_event()
    {
        var session = await host.CreateSessionAsync();

        var response = await host.PostPayPageAsync(session.Id, "4242 4242 4242 4242");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"https://shop.example/checkout/done?session_id={session.Id}", response.Headers.Location?.ToString());
        var completed = await host.Receiver.WaitForAsync("checkout.session.completed");
        Assert.Equal(StripeConfiguration.ApiVersion, completed.ApiVersion);
        var paid = (Session)completed.Data.Object;
        Assert.Equal((session.Id, "complete", "paid"), (paid.Id, paid.Status, paid.PaymentStatus));
        Assert.Equal("12 Elm Street", paid.CollectedInformation.ShippingDetails.Address.Line1);
        Assert.Equal("Ada Lovelace", paid.CollectedInformation.ShippingDetails.Name);
        Assert.Equal("ada@example.org", paid.CustomerDetails.Email);

        var intent = await new PaymentIntentService(host.Stripe).GetAsync(paid.PaymentIntentId);
        Assert.Equal(("succeeded", session.AmountTotal!.Value, "42"), (intent.Status, intent.AmountReceived, intent.Metadata["order_id"]));
        var charge = (Charge)(await host.Receiver.WaitForAsync("charge.succeeded")).Data.Object;
        Assert.Equal((intent.LatestChargeId, "4242", true), (charge.Id, charge.PaymentMethodDetails.Card.Last4, charge.Paid));
        await host.Receiver.WaitForAsync("payment_intent.succeeded", e => ((PaymentIntent)e.Data.Object).Id == intent.Id);
        Assert.Equal("complete", (await host.Sessions.GetAsync(session.Id)).Status);
    }

    [Theory]
    [InlineData(TestCards.Declined, "generic_decline", "Your card was declined.")]
    [InlineData(TestCards.InsufficientFunds, "insufficient_funds", "Your card has insufficient funds.")]
    public async Task A_declined_card_shows_the_message_and_leaves_the_session_open(string card, string declineCode, string message)
    {
        var session = await host.CreateSessionAsync();

        var response = await host.PostPayPageAsync(session.Id, card);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Contains($"<li id=\"error-card_number\"><a href=\"#card_number\">{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(message)}</a></li>", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"card_number-hint error-card_number\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"ada@example.org\"", html, StringComparison.Ordinal);
        var open = await host.Sessions.GetAsync(session.Id, new SessionGetOptions { Expand = ["payment_intent"] });
        Assert.Equal(("open", "unpaid"), (open.Status, open.PaymentStatus));
        Assert.Equal(("requires_payment_method", declineCode), (open.PaymentIntent.Status, open.PaymentIntent.LastPaymentError.DeclineCode));
        Assert.Equal(["payment_intent.payment_failed"], host.Emulator.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task A_required_billing_address_is_asked_for_without_shipping_and_kept_in_the_customer_details()
    {
        var session = await host.CreateSessionAsync(change: o =>
        {
            o.BillingAddressCollection = "required";
            o.ShippingAddressCollection = null;
            o.ShippingOptions = null;
        });

        var html = await (await host.Browser.GetAsync(new Uri(session.Url).PathAndQuery)).Content.ReadAsStringAsync();
        var response = await host.PostPayPageAsync(session.Id, TestCards.Succeeds);

        Assert.Contains("<legend>Billing address</legend>", html, StringComparison.Ordinal);
        // A billing address may be in any country, not only where the store ships.
        Assert.Contains("<option value=\"GB\">United Kingdom</option>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var paid = (Session)(await host.Receiver.WaitForAsync("checkout.session.completed")).Data.Object;
        var billing = paid.CustomerDetails.Address;
        Assert.Equal(("12 Elm Street", null, "Portland", "OR", "97201", "US"), (billing.Line1, billing.Line2, billing.City, billing.State, billing.PostalCode, billing.Country));
        Assert.Null(paid.CollectedInformation);
        var charge = (Charge)(await host.Receiver.WaitForAsync("charge.succeeded")).Data.Object;
        Assert.Equal(("12 Elm Street", "pass"), (charge.BillingDetails.Address.Line1, charge.PaymentMethodDetails.Card.Checks.AddressLine1Check));
    }

    [Fact]
    public async Task Incomplete_input_is_refused_with_every_message_and_nothing_happens()
    {
        var session = await host.CreateSessionAsync();

        var response = await host.PostPayPageAsync(session.Id, "4242", email: "not-an-email");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Your card number is incomplete.", html, StringComparison.Ordinal);
        Assert.Contains("Your email address is incomplete or invalid.", html, StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Events);
        Assert.Equal("open", host.Emulator.GetSession(session.Id)!.Status);
    }

    [Fact]
    public async Task Expired_and_unknown_sessions_show_a_plain_message()
    {
        var session = await host.CreateSessionAsync();
        await host.Emulator.ExpireAsync(session.Id);

        var expired = await host.Browser.GetAsync($"/stripe-emulator/pay/{session.Id}");
        var payLate = await host.PostPayPageAsync(session.Id, TestCards.Succeeds);
        var unknown = await host.Browser.GetAsync("/stripe-emulator/pay/cs_test_nothing");

        Assert.Contains("This payment page has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("<form", await payLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain(host.Emulator.Events, e => e.Type == "checkout.session.completed");
    }

    [Fact]
    public async Task A_bank_transfer_completes_unpaid_and_settling_it_sends_async_payment_succeeded()
    {
        var session = await host.CreateSessionAsync();

        var response = await host.PostPayPageAsync(session.Id, "", method: "bank_transfer");
        var completed = (Session)(await host.Receiver.WaitForAsync("checkout.session.completed")).Data.Object;
        await host.Emulator.SettleBankTransferAsync(session.Id, succeeded: true);
        var settled = (Session)(await host.Receiver.WaitForAsync("checkout.session.async_payment_succeeded")).Data.Object;

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(("complete", "unpaid"), (completed.Status, completed.PaymentStatus));
        Assert.Equal("paid", settled.PaymentStatus);
        Assert.Equal("succeeded", host.Emulator.GetPaymentIntent(settled.PaymentIntentId)!.Status);
    }

    [Fact]
    public async Task A_failed_bank_transfer_sends_async_payment_failed_and_stays_unpaid()
    {
        var session = await host.CreateSessionAsync();
        var outcome = await host.Emulator.PayByBankTransferAsync(session.Id);

        await host.Emulator.SettleBankTransferAsync(session.Id, succeeded: false);
        var failed = (Session)(await host.Receiver.WaitForAsync("checkout.session.async_payment_failed")).Data.Object;

        Assert.Equal(PaymentResult.AwaitingSettlement, outcome.Result);
        Assert.Equal(("complete", "unpaid"), (failed.Status, failed.PaymentStatus));
        Assert.Equal("requires_payment_method", host.Emulator.GetPaymentIntent(failed.PaymentIntentId)!.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Emulator.SettleBankTransferAsync(session.Id, succeeded: true));
    }
}
