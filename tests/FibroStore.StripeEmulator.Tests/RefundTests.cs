namespace FibroStore.StripeEmulator.Tests;

public sealed class RefundTests : IAsyncLifetime
{
    private readonly EmulatorHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private RefundService Refunds => new(host.Stripe);

    private async Task<PaymentIntent> PaidIntentAsync()
    {
        var session = await host.CreateSessionAsync();
        var outcome = await host.Emulator.PayAsync(session.Id);
        Assert.Equal(PaymentResult.Paid, outcome.Result);
        return host.Emulator.GetPaymentIntent(host.Emulator.GetSession(session.Id)!.PaymentIntentId)!;
    }

    [Fact]
    public async Task A_partial_refund_then_the_rest_then_more_is_refused_and_charge_refunded_carries_the_running_total()
    {
        var intent = await PaidIntentAsync();
        var total = intent.Amount;

        var part = await Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = 1000, Reason = "requested_by_customer" });
        var rest = await Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id });
        var more = await Assert.ThrowsAsync<StripeException>(() => Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = 1 }));

        Assert.Equal((1000L, "succeeded", intent.LatestChargeId), (part.Amount, part.Status, part.ChargeId));
        Assert.Equal(total - 1000, rest.Amount);
        Assert.Equal(HttpStatusCode.BadRequest, more.HttpStatusCode);
        Assert.Equal("charge_already_refunded", more.StripeError.Code);
        Assert.Equal(part.ToJson(), (await Refunds.GetAsync(part.Id)).ToJson());

        await host.Receiver.WaitForCountAsync(3 + 4);
        var refundedEvents = host.Receiver.Received.Where(e => e.Type == "charge.refunded").Select(e => (Charge)e.Data.Object)
            .OrderBy(c => c.AmountRefunded).ToList();
        Assert.Equal([(1000L, false, 1), (total, true, 2)], refundedEvents.Select(c => (c.AmountRefunded, c.Refunded, c.Refunds.Data.Count)));
        Assert.Equal(new[] { part.Id, rest.Id }.Order(),
            host.Receiver.Received.Where(e => e.Type == "refund.created").Select(e => ((Refund)e.Data.Object).Id).Order());
    }

    [Fact]
    public async Task A_refund_above_what_is_left_is_refused_on_amount()
    {
        var intent = await PaidIntentAsync();
        await Refunds.CreateAsync(new RefundCreateOptions { Charge = intent.LatestChargeId, Amount = 1000 });

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = intent.Amount }));

        Assert.Equal(("invalid_request_error", "amount"), (error.StripeError.Type, error.StripeError.Param));
        Assert.Contains("is greater than unrefunded amount on charge", error.StripeError.Message, StringComparison.Ordinal);
        Assert.Equal(1000, host.Emulator.GetCharge(intent.LatestChargeId)!.AmountRefunded);
    }

    [Fact]
    public async Task A_refund_sent_twice_with_one_idempotency_key_refunds_once()
    {
        var intent = await PaidIntentAsync();
        var key = new RequestOptions { IdempotencyKey = "refund-order-42-1" };

        var first = await Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = 700 }, key);
        var again = await Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = 700 }, key);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(700, host.Emulator.GetCharge(intent.LatestChargeId)!.AmountRefunded);
        Assert.Single(host.Emulator.EventsOfType("refund.created"));
    }

    [Fact]
    public async Task Refunding_an_unpaid_intent_is_refused()
    {
        var session = await host.CreateSessionAsync();
        await host.Emulator.PayAsync(session.Id, TestCards.Declined);
        var intentId = host.Emulator.GetSession(session.Id)!.PaymentIntentId;

        var error = await Assert.ThrowsAsync<StripeException>(() => Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intentId }));

        Assert.Equal("payment_intent", error.StripeError.Param);
    }
}
