using FibroStore.Payments.Contracts;

namespace FibroStore.Ordering.Tests.Staff;

public sealed class StaffRefundTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static Dictionary<string, string> RefundFields(string refundId, IReadOnlyDictionary<int, int> quantities, bool shipping = false,
        bool restock = false, string reason = "Arrived damaged")
    {
        var fields = new Dictionary<string, string> { ["Refund.RefundId"] = refundId, ["Refund.Reason"] = reason };
        foreach (var (position, quantity) in quantities)
            fields[$"Refund.Quantities[{position}]"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (shipping) fields["Refund.Shipping"] = "true";
        if (restock) fields["Refund.Restock"] = "true";
        return fields;
    }

    private static Task<HttpResponseMessage> RefundAsync(BrowserClient staff, string number, Dictionary<string, string> fields) =>
        staff.PostFormAsync($"/staff/orders/{number}", fields, $"/staff/orders/{number}?handler=Refund");

    private int StripeRefundEvents(string paymentIntentId) =>
        store.Stripe.EventsOfType("charge.refunded").Count(e => e.Json.Contains(paymentIntentId, StringComparison.Ordinal));

    private long ChargeAmountRefunded(string paymentIntentId)
    {
        var intent = store.Stripe.GetPaymentIntent(paymentIntentId)!;
        return store.Stripe.GetCharge(intent.LatestChargeId)!.AmountRefunded;
    }

    private int RefundEmails(string email) => store.Mailbox.To(email).Count(m => m.Subject.StartsWith("Refund for your order", StringComparison.Ordinal));

    [Fact]
    public async Task A_refund_clicked_twice_refunds_once()
    {
        var variant = await store.AddSellableProductAsync("Heat wrap", 20m, 10);
        var email = $"twice-{Guid.NewGuid():N}@example.org";
        var number = await store.PlaceOrderAsync(variant, 2, email);
        var staff = await store.MerchandiserAsync();
        var refundId = await StaffOrderHelpers.RefundIdOnPageAsync(staff, number);
        var fields = RefundFields(refundId, new Dictionary<int, int> { [0] = 1 });

        var first = await RefundAsync(staff, number, fields);
        var second = await RefundAsync(staff, number, fields);

        StaffOrderHelpers.AssertRedirectedTo(first, $"/staff/orders/{number}?refund={refundId}");
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Contains("Refunded $20.00 to the card.", await staff.GetPageAsync(first.Headers.Location!.OriginalString));
        var order = await store.OrderAsync(number);
        Assert.Equal(20m, order.AmountRefunded);
        Assert.Equal(OrderStatus.PartiallyRefunded, order.Status);
        Assert.Equal(1, order.Lines.Single().QuantityRefunded);
        Assert.Single(await store.RefundsAsync(order.Id));
        Assert.Equal(2000, ChargeAmountRefunded(order.PaymentIntentId!));
        await store.WaitUntilAsync(() => Task.FromResult(StripeRefundEvents(order.PaymentIntentId!) >= 1), "the charge.refunded event");
        Assert.Equal(1, StripeRefundEvents(order.PaymentIntentId!));
        await store.DrainOutboxAsync();
        await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.StartsWith("Refund for your order", StringComparison.Ordinal));
        Assert.Equal(1, RefundEmails(email));
        Assert.Equal(20m, (await store.OrderAsync(number)).AmountRefunded);
        Assert.Equal(1, await store.AuditCountAsync("order.refunded", number));
    }

    [Fact]
    public async Task A_refund_posted_twice_at_the_same_moment_refunds_once()
    {
        var variant = await store.AddSellableProductAsync("Ice pack", 11m, 10);
        var email = $"race-{Guid.NewGuid():N}@example.org";
        var number = await store.PlaceOrderAsync(variant, 3, email);
        var staff = await store.MerchandiserAsync();
        var refundId = await StaffOrderHelpers.RefundIdOnPageAsync(staff, number);
        var token = await StaffOrderHelpers.TokenAsync(staff, $"/staff/orders/{number}");
        var fields = RefundFields(refundId, new Dictionary<int, int> { [0] = 2 });

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => staff.PostRawAsync($"/staff/orders/{number}?handler=Refund", fields, token)));

        Assert.All(answers, a => StaffOrderHelpers.AssertRedirectedTo(a, $"/staff/orders/{number}?refund={refundId}"));
        var order = await store.OrderAsync(number);
        Assert.Equal(22m, order.AmountRefunded);
        Assert.Equal(2, order.Lines.Single().QuantityRefunded);
        Assert.Single(await store.RefundsAsync(order.Id));
        Assert.Equal(2200, ChargeAmountRefunded(order.PaymentIntentId!));
        await store.WaitUntilAsync(() => Task.FromResult(StripeRefundEvents(order.PaymentIntentId!) >= 1), "the charge.refunded event");
        Assert.Equal(1, StripeRefundEvents(order.PaymentIntentId!));
        await store.DrainOutboxAsync();
        await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.StartsWith("Refund for your order", StringComparison.Ordinal));
        Assert.Equal(1, RefundEmails(email));
        Assert.Equal(1, await store.AuditCountAsync("order.refunded", number));
    }

    [Fact]
    public async Task A_partial_refund_then_the_rest_leaves_the_order_refunded_in_full()
    {
        var variant = await store.AddSellableProductAsync("Pillow spray", 7.5m, 10);
        var number = await store.PlaceOrderAsync(variant, 2, $"parts-{Guid.NewGuid():N}@example.org");
        var staff = await store.MerchandiserAsync();
        var before = await store.OrderAsync(number);

        var review = await staff.PostFormAsync($"/staff/orders/{number}",
            RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 1 }), $"/staff/orders/{number}?handler=ReviewRefund");
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Contains("Refund $7.50 to the card", await review.BodyAsync());
        Assert.Equal(0m, (await store.OrderAsync(number)).AmountRefunded);

        StaffOrderHelpers.AssertRedirectedTo(await RefundAsync(staff, number,
            RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 1 })), $"/staff/orders/{number}?refund=");
        var partly = await store.OrderAsync(number);
        Assert.Equal(OrderStatus.PartiallyRefunded, partly.Status);
        Assert.Equal(7.5m, partly.AmountRefunded);

        StaffOrderHelpers.AssertRedirectedTo(await RefundAsync(staff, number,
            RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 1 }, shipping: before.Shipping > 0)),
            $"/staff/orders/{number}?refund=");
        var whole = await store.OrderAsync(number);
        Assert.Equal(OrderStatus.Refunded, whole.Status);
        Assert.Equal(whole.Total, whole.AmountRefunded);
        Assert.Equal(Money(whole.Total), ChargeAmountRefunded(whole.PaymentIntentId!));
        Assert.Equal(2, await store.AuditCountAsync("order.refunded", number));
        Assert.DoesNotContain("Work out the refund", await staff.GetPageAsync($"/staff/orders/{number}"));
    }

    [Fact]
    public async Task A_refund_above_what_is_left_is_refused_and_changes_nothing()
    {
        var variant = await store.AddSellableProductAsync("Compression gloves", 18m, 10);
        var number = await store.PlaceOrderAsync(variant, 2, $"over-{Guid.NewGuid():N}@example.org");
        var staff = await store.MerchandiserAsync();
        var order = await store.OrderAsync(number);

        var tooMany = await RefundAsync(staff, number, RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 3 }));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("Only 2 of Compression gloves can still be refunded", await tooMany.BodyAsync());
        var unknownLine = await RefundAsync(staff, number, RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [7] = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, unknownLine.StatusCode);
        var negative = await RefundAsync(staff, number, RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = -1 }));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        var nothing = await RefundAsync(staff, number, RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 0 }));
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("Choose at least one item", await nothing.BodyAsync());
        var noReason = await RefundAsync(staff, number, RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 1 }, reason: ""));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        StaffOrderHelpers.AssertRedirectedTo(await RefundAsync(staff, number,
            RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 2 })), $"/staff/orders/{number}?refund=");
        var again = await RefundAsync(staff, number, RefundFields(Guid.NewGuid().ToString(), new Dictionary<int, int> { [0] = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already been refunded in full", await again.BodyAsync());

        var after = await store.OrderAsync(number);
        Assert.Equal(36m, after.AmountRefunded);
        Assert.Single(await store.RefundsAsync(order.Id));
        Assert.Equal(3600, ChargeAmountRefunded(order.PaymentIntentId!));
    }

    [Fact]
    public async Task Restocking_puts_the_units_back_exactly_once()
    {
        var variant = await store.AddSellableProductAsync("Bath salts", 6m, 10);
        var number = await store.PlaceOrderAsync(variant, 3, $"restock-{Guid.NewGuid():N}@example.org");
        Assert.Equal((7, 0, 7), await store.StockOfAsync(variant.VariantId));
        var staff = await store.MerchandiserAsync();
        var fields = RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 2 }, restock: true);

        StaffOrderHelpers.AssertRedirectedTo(await RefundAsync(staff, number, fields), $"/staff/orders/{number}?refund=");
        StaffOrderHelpers.AssertRedirectedTo(await RefundAsync(staff, number, fields), $"/staff/orders/{number}?refund=");
        // The units go back from the refund's event, through Ordering's outbox.
        await store.DrainOutboxAsync();

        Assert.Equal((9, 0, 9), await store.StockOfAsync(variant.VariantId));

        var noRestock = RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 1 });
        StaffOrderHelpers.AssertRedirectedTo(await RefundAsync(staff, number, noRestock), $"/staff/orders/{number}?refund=");
        await store.DrainOutboxAsync();
        Assert.Equal((9, 0, 9), await store.StockOfAsync(variant.VariantId));
    }

    [Fact]
    public async Task An_unpaid_order_cannot_be_refunded()
    {
        var variant = await store.AddSellableProductAsync("Hot water bottle", 10m, 10);
        var number = await store.PlaceOrderAsync(variant, 1, $"unpaid-{Guid.NewGuid():N}@example.org", bankTransfer: true);
        var staff = await store.MerchandiserAsync();
        Assert.DoesNotContain("Work out the refund", await staff.GetPageAsync($"/staff/orders/{number}"));

        var forged = await RefundAsync(staff, number, RefundFields(Guid.NewGuid().ToString(), new Dictionary<int, int> { [0] = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("never paid", await forged.BodyAsync());
        Assert.Empty(await store.RefundsAsync((await store.OrderAsync(number)).Id));
    }

    [Fact]
    public async Task A_refund_the_card_refuses_is_shown_as_a_conflict_and_recorded_as_failed()
    {
        var variant = await store.AddSellableProductAsync("Magnesium flakes", 9m, 10);
        var email = $"refused-{Guid.NewGuid():N}@example.org";
        var number = await store.PlaceOrderAsync(variant, 2, email);
        var order = await store.OrderAsync(number);
        var staff = await store.MerchandiserAsync();
        // Someone refunded the whole payment on the provider's dashboard and its notice has not arrived yet.
        store.Stripe.PauseDeliveries();
        try
        {
            await store.InScopeAsync(sp => sp.GetRequiredService<IPaymentGateway>()
                .RefundAsync(order.PaymentIntentId!, order.Total, order.Currency, $"dashboard-{order.Id}", CancellationToken.None));
            var fields = RefundFields(await StaffOrderHelpers.RefundIdOnPageAsync(staff, number), new Dictionary<int, int> { [0] = 1 });

            var refused = await RefundAsync(staff, number, fields);
            var again = await RefundAsync(staff, number, fields);

            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("did not go through", await refused.BodyAsync());
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            var refund = Assert.Single(await store.RefundsAsync(order.Id));
            Assert.Equal(RefundStatus.Failed, refund.Status);
            Assert.False(string.IsNullOrEmpty(refund.Failure));
            Assert.Equal(0m, (await store.OrderAsync(number)).AmountRefunded);
            Assert.Equal(1, await store.AuditCountAsync("order.refund-failed", number));
            Assert.Equal(0, await store.AuditCountAsync("order.refunded", number));
            Assert.Equal(0, RefundEmails(email));
        }
        finally
        {
            store.Stripe.ResumeDeliveries();
        }
    }

    private static long Money(decimal amount) => (long)(amount * 100);
}
