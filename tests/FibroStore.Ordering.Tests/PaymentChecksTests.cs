using FibroStore.Ordering.Tests.Staff;
using FibroStore.SharedKernel.Clustering;
using FibroStore.StripeEmulator;
using Stripe;
using Stripe.Checkout;

namespace FibroStore.Ordering.Tests;

public sealed class PaymentChecksTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    /// <summary>The store's contact address in the default site settings: where staff are told.</summary>
    private const string StaffAddress = "hello@fibrostore.local";

    [Fact]
    public async Task A_payment_through_another_session_naming_a_checkout_places_no_order_is_refunded_and_staff_are_told()
    {
        var pad = await store.AddSellableProductAsync("Targeted heat pad", 80m, 3);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var email = $"target-{Guid.NewGuid():N}@example.org";
        var realSession = await StoreFactory.StartCheckoutAsync(client, email);
        var checkoutId = await CheckoutIdAsync(realSession);

        // Someone with the API key (or a fault) opens a $1.00 session that names this checkout, and pays it.
        var rogue = await RogueSessionAsync(checkoutId);
        Assert.Equal(PaymentResult.Paid, (await store.Stripe.PayAsync(rogue.Id, email: email)).Result);

        await store.WaitUntilAsync(async () => (await CheckoutAsync(checkoutId)).ProblemRefundId is not null, "the rogue payment refunded");
        Assert.Equal(0, await CountOrdersAsync(checkoutId));
        var intent = store.Stripe.GetSession(rogue.Id)!.PaymentIntentId;
        Assert.Equal(100, store.Stripe.GetCharge(store.Stripe.GetPaymentIntent(intent)!.LatestChargeId)!.AmountRefunded);
        var checkout = await CheckoutAsync(checkoutId);
        Assert.Contains($"it came through payment session {rogue.Id}, not the one opened for this checkout ({realSession})", checkout.Problem);
        Assert.Contains("it came to 1.00 USD, not 80.00 USD", checkout.Problem);

        var toStaff = await store.Mailbox.WaitForAsync(m => m.To == StaffAddress && m.TextBody?.Contains(checkoutId.ToString(), StringComparison.Ordinal) == true);
        Assert.Equal("A payment was refused: it did not match its checkout", toStaff.Subject);
        Assert.Contains("No order was placed", toStaff.TextBody);
        await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject == "Your payment was refunded");
        Assert.Equal(1, await store.AuditCountAsync("payment.refused", checkoutId.ToString()));

        // Staff see it on their home page and on the checkouts page.
        using var staff = await store.MerchandiserAsync();
        var home = await staff.GetPageAsync("/staff");
        Assert.Matches("payments? refused in the last 30 days because (it|they) did not match", home);
        Assert.Contains("/staff/orders/checkouts", home);
        Assert.Contains(checkoutId.ToString(), await staff.GetPageAsync("/staff/orders/checkouts"));

        // The same notice again refunds nothing more and tells no one twice.
        var completed = store.Stripe.EventsOfType("checkout.session.completed").Single(e => e.Json.Contains(rogue.Id, StringComparison.Ordinal));
        Assert.Equal(200, await store.Stripe.DeliverAsync(completed.Id));
        await store.DrainOutboxAsync();
        Assert.Equal(100, store.Stripe.GetCharge(store.Stripe.GetPaymentIntent(intent)!.LatestChargeId)!.AmountRefunded);
        Assert.Single(store.Mailbox.To(StaffAddress), m => m.TextBody?.Contains(checkoutId.ToString(), StringComparison.Ordinal) == true);

        // Another such session expiring does not close the shopper's checkout either.
        store.Stripe.PauseDeliveries();
        try
        {
            var unpaid = await RogueSessionAsync(checkoutId);
            await store.Stripe.ExpireAsync(unpaid.Id);
            var expired = store.Stripe.EventsOfType("checkout.session.expired").Single(e => e.Json.Contains(unpaid.Id, StringComparison.Ordinal));
            Assert.Equal(200, await store.Stripe.DeliverAsync(expired.Id));
            await store.DrainOutboxAsync();
        }
        finally
        {
            store.Stripe.ResumeDeliveries();
        }
        Assert.Equal(CheckoutStatus.Open, (await CheckoutAsync(checkoutId)).Status);

        // The shopper's own payment page still works, for the full price.
        Assert.Equal((3, 1, 2), await store.StockOfAsync(pad.VariantId));
        await store.Stripe.PayAsync(realSession, email: email);
        await store.WaitUntilAsync(async () => await CountOrdersAsync(checkoutId) == 1, "the real order");
        Assert.Equal((2, 0, 2), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task A_payment_for_another_amount_on_the_checkouts_own_session_closes_the_checkout_and_is_refunded()
    {
        var blanket = await store.AddSellableProductAsync("Repriced blanket", 50m, 2);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, blanket.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        var checkoutId = await CheckoutIdAsync(sessionId);
        // What the store recorded and what the payment page charges part ways (a fault in pricing, or a tampered row).
        await store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Checkouts.Where(c => c.Id == checkoutId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Total, 500m)));

        await store.Stripe.PayAsync(sessionId);
        await store.WaitUntilAsync(async () => (await CheckoutAsync(checkoutId)).ProblemRefundId is not null, "the payment refunded");
        Assert.Equal(CheckoutStatus.Refused, (await CheckoutAsync(checkoutId)).Status);
        Assert.Equal(0, await CountOrdersAsync(checkoutId));
        Assert.Equal((2, 0, 2), await store.StockOfAsync(blanket.VariantId));
        var page = await client.GetPageAsync($"/checkout/complete?session_id={sessionId}");
        Assert.Contains("We could not accept this payment", page);
        Assert.Contains("Blanket", await client.GetPageAsync("/cart"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_order_with_nothing_to_pay_completes_on_the_payment_page_without_a_card()
    {
        var code = "FREE" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var collect = Guid.NewGuid();
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            db.DiscountCodes.Add(new DiscountCode { Id = Guid.NewGuid(), Code = code, Kind = DiscountKind.Percent, Value = 100, UsageLimit = 5, CreatedAt = DateTimeOffset.UtcNow });
            db.ShippingOptions.Add(new ShippingOption { Id = collect, Name = "Collect from the studio", Price = 0, Position = 99 });
            await db.SaveChangesAsync();
            // Written behind the staff page's back, so this instance's copy of the options is dropped as a save would.
            sp.GetRequiredService<SignalledCache<IReadOnlyList<ShippingOption>>>().Drop();
        });
        var book = await store.AddSellableProductAsync("Gifted pacing book", 15m, 4);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, book.VariantId);
        var email = $"gift-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email, new Dictionary<string, string>
        {
            ["Input.DiscountCode"] = code, ["Input.ShippingOptionId"] = collect.ToString(),
        });
        Assert.Equal(0, store.Stripe.GetSession(sessionId)!.AmountTotal);

        var paymentPage = await client.GetPageAsync($"/stripe-emulator/pay/{sessionId}");
        Assert.Contains("There is nothing to pay, so no card is needed.", paymentPage);
        Assert.DoesNotContain("Card number", paymentPage);
        // The hosted page's form, sent as a browser sends it: no card fields at all.
        var done = await client.Http.PostAsync($"/stripe-emulator/pay/{sessionId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["name"] = "Gift Reader", ["line1"] = "3 Quiet Row", ["city"] = "Leeds", ["postal_code"] = "LS1 1AA", ["country"] = "GB",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Equal("no_payment_required", store.Stripe.GetSession(sessionId)!.PaymentStatus);

        await store.WaitUntilAsync(async () => (await OrderForAsync(sessionId)) is { StockSettled: true }, "the free order settled");
        var order = (await OrderForAsync(sessionId))!;
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(0m, order.Total);
        Assert.Null(order.PaymentIntentId);
        Assert.Equal((3, 0, 3), await store.StockOfAsync(book.VariantId));
        await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains("is confirmed", StringComparison.Ordinal));
        var used = await store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().DiscountCodes.Where(d => d.Code == code).Select(d => d.TimesUsed).SingleAsync());
        Assert.Equal(1, used);
    }

    private Task<Session> RogueSessionAsync(Guid checkoutId) =>
        store.InScopeAsync(sp => new SessionService(sp.GetRequiredService<IStripeClient>()).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = checkoutId.ToString(),
            Metadata = new Dictionary<string, string> { ["checkout_id"] = checkoutId.ToString() },
            LineItems = [new SessionLineItemOptions { Quantity = 1, PriceData = new SessionLineItemPriceDataOptions { Currency = "usd", UnitAmount = 100, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Heat pad" } } }],
            SuccessUrl = "http://127.0.0.1:5080/checkout/complete?session_id={CHECKOUT_SESSION_ID}",
        }));

    private Task<Guid> CheckoutIdAsync(string sessionId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Checkouts.Where(c => c.SessionId == sessionId).Select(c => c.Id).SingleAsync());

    private Task<CheckoutAttempt> CheckoutAsync(Guid id) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Checkouts.AsNoTracking().SingleAsync(c => c.Id == id));

    private Task<int> CountOrdersAsync(Guid checkoutId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Orders.CountAsync(o => o.CheckoutId == checkoutId));

    private Task<Order?> OrderForAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.AsNoTracking().Where(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId)).SingleOrDefaultAsync();
        });
}
