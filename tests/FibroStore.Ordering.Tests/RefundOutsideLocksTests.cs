using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FibroStore.Catalog.Contracts;
using Npgsql;

namespace FibroStore.Ordering.Tests;

/// <summary>Holds every refund request on its way to Stripe until the test opens it, as a provider that stops answering would.</summary>
public sealed class RefundGate
{
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int waiting;

    /// <summary>Completes when the first refund request reaches the gate.</summary>
    public Task Entered => entered.Task;

    public int Waiting => Volatile.Read(ref waiting);

    public void Open() => open.TrySetResult();

    public DelegatingHandler Handler() => new Gatekeeper(this);

    private sealed class Gatekeeper(RefundGate gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/v1/refunds", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref gate.waiting);
                gate.entered.TrySetResult();
                try { await gate.open.Task.WaitAsync(cancellationToken); }
                finally { Interlocked.Decrement(ref gate.waiting); }
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed class HangingRefundStore : StoreFactory
{
    public RefundGate Gate { get; } = new();

    public HangingRefundStore() =>
        WithStripeHandler(() => Gate.Handler());
}

public sealed class RefundOutsideLocksTests(HangingRefundStore store) : IClassFixture<HangingRefundStore>
{
    [Fact]
    public async Task A_refund_whose_stripe_call_hangs_does_not_hold_up_a_webhook_for_the_same_order()
    {
        var blanket = await store.AddSellableProductAsync("Last knitted blanket", 60m, 1);
        using var late = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(late, blanket.VariantId);
        var email = $"hang-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(late, email);
        // The hold runs out while the payment page is open, and someone else buys the last one: the late payment is refunded.
        await store.InScopeAsync(async sp =>
        {
            var checkoutId = await sp.GetRequiredService<OrderingDbContext>().Checkouts.Where(c => c.SessionId == sessionId).Select(c => c.Id).SingleAsync();
            Assert.True(await sp.GetRequiredService<ICatalogStock>().ReleaseAsync(checkoutId, CancellationToken.None));
        });
        await store.PlacePaidOrderAsync(blanket);

        store.Stripe.PauseDeliveries();
        try
        {
            var before = store.Stripe.Events.Count;
            await store.Stripe.PayAsync(sessionId, email: email);
            var completed = store.Stripe.Events.Skip(before).Single(e => e.Type == "checkout.session.completed");
            Assert.Equal(200, await store.Stripe.DeliverAsync(completed.Id));

            // The store's own outbox processors take it from here; the refund reaches Stripe and hangs there.
            await store.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(60));

            // Stripe's next notice for the same payment (a new event id) arrives while the refund call is stuck…
            var notice = JsonNode.Parse(completed.Json)!;
            notice["id"] = $"evt_hang_{Guid.NewGuid():N}";
            notice["type"] = "checkout.session.async_payment_succeeded";
            Assert.Equal(HttpStatusCode.OK, await PostSignedAsync(notice.ToJsonString()));

            // …and is handled to the end, which needs the checkout's row lock.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await PendingPaymentNoticesAsync() > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "A payment notice for the order was still waiting after 60 s while a refund call hung.");
                await Task.Delay(100);
            }
            Assert.Equal(1, store.Gate.Waiting);
            var order = (await OrderForAsync(sessionId))!;
            Assert.Equal(OrderStatus.Paid, order.Status);
            Assert.Equal(RefundStatus.Requested, Assert.Single(await RefundsAsync(order.Id)).Status);
        }
        finally
        {
            store.Gate.Open();
            store.Stripe.ResumeDeliveries();
        }

        await store.WaitUntilAsync(async () => (await OrderForAsync(sessionId))?.Status == OrderStatus.Refunded, "the refund once Stripe answers", 60);
        var refunded = (await OrderForAsync(sessionId))!;
        Assert.Equal(60m, refunded.AmountRefunded);
        var refund = Assert.Single(await RefundsAsync(refunded.Id));
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        var intent = store.Stripe.GetPaymentIntent(refunded.PaymentIntentId!)!;
        Assert.Equal(6000, store.Stripe.GetCharge(intent.LatestChargeId)!.AmountRefunded);
        await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains("refunded", StringComparison.Ordinal));
        await store.DrainOutboxAsync();
        Assert.Single(store.Mailbox.To(email), m => m.Subject.Contains("refunded", StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> PostSignedAsync(string json)
    {
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_fibrostore_emulator"),
            Encoding.UTF8.GetBytes($"{stamp}.{json}")));
        using var http = store.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", $"t={stamp},v1={signature}");
        return (await http.SendAsync(request)).StatusCode;
    }

    /// <summary>Payment notices staged by the webhook endpoint that Ordering has not finished handling.</summary>
    private async Task<long> PendingPaymentNoticesAsync()
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM payments.outbox_messages WHERE processed_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Task<Order?> OrderForAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.AsNoTracking().Where(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId)).SingleOrDefaultAsync();
        });

    private Task<List<OrderRefund>> RefundsAsync(Guid orderId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Refunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());
}
