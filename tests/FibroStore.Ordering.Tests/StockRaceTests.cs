using FibroStore.Catalog.Contracts;

namespace FibroStore.Ordering.Tests;

public sealed class StockRaceTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Two_hundred_shoppers_racing_for_fifty_units_leave_fifty_paid_orders_and_none_in_stock()
    {
        var pad = await store.AddSellableProductAsync("Last-chance heat pad", 19m, 50);
        var shoppers = Enumerable.Range(0, 200).Select(_ => store.CreateBrowserClient()).ToList();
        try
        {
            // Each shopper has the cart page open before they all press "Continue to secure payment" at once.
            var tokens = new List<string>();
            foreach (var client in shoppers)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, pad.VariantId)).StatusCode);
                tokens.Add(await client.FormTokenAsync("/cart"));
            }

            var attempts = await Task.WhenAll(shoppers.Select((client, i) => StoreFactory.PressCheckoutAsync(client, tokens[i], $"racer{i}@example.org")));
            var started = attempts.Where(r => r.StatusCode == HttpStatusCode.Redirect).ToList();
            var answers = string.Join(", ", attempts.GroupBy(r => (int)r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}"));
            Assert.True(started.Count == 50 && attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict) == 150,
                $"Expected 302 ×50 and 409 ×150, got {answers}");
            Assert.Equal((50, 50, 0), await store.StockOfAsync(pad.VariantId));

            var sessions = started.Select(r => StoreFactory.SessionIdFrom(r.Headers.Location!)).ToList();
            await Task.WhenAll(sessions.Select(id => store.Stripe.PayAsync(id)));
            await store.WaitUntilAsync(async () => await CountPaidAsync(pad.VariantId) == 50, "fifty paid orders", seconds: 180);

            Assert.Equal((0, 0, 0), await store.StockOfAsync(pad.VariantId));
            Assert.Equal(50, await CountPaidAsync(pad.VariantId));
        }
        finally
        {
            shoppers.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_payment_that_arrives_after_its_hold_ended_and_the_stock_sold_is_refunded_and_the_shopper_told()
    {
        var pad = await store.AddSellableProductAsync("One-off knitted throw", 60m, 1);
        using var late = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(late, pad.VariantId);
        var lateEmail = $"late-{Guid.NewGuid():N}@example.org";
        var lateSession = await StoreFactory.StartCheckoutAsync(late, lateEmail);

        // The hold runs out (as Catalog's sweeper does at its expiry) while the payment page is still open…
        await ReleaseHoldAsync(lateSession);
        // …and someone else buys the last one.
        await store.PlacePaidOrderAsync(pad);
        Assert.Equal((0, 0, 0), await store.StockOfAsync(pad.VariantId));

        await store.Stripe.PayAsync(lateSession, email: lateEmail);
        await store.WaitUntilAsync(async () => (await OrderForAsync(lateSession))?.Status == OrderStatus.Refunded, "the late order refunded");

        var order = (await OrderForAsync(lateSession))!;
        Assert.Equal(60m, order.AmountRefunded);
        var intent = store.Stripe.GetPaymentIntent(order.PaymentIntentId!)!;
        Assert.Equal(6000, store.Stripe.GetCharge(intent.LatestChargeId)!.AmountRefunded);
        var mail = await store.Mailbox.WaitForAsync(m => m.To == lateEmail && m.Subject.Contains("refunded", StringComparison.Ordinal));
        Assert.Contains("sold out", mail.TextBody);
        Assert.Equal((0, 0, 0), await store.StockOfAsync(pad.VariantId));
        Assert.DoesNotContain(store.Mailbox.To(lateEmail), m => m.Subject.Contains("is confirmed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_late_payment_still_gets_its_items_when_the_stock_is_still_there()
    {
        var pad = await store.AddSellableProductAsync("Slow-cooker recipe book", 14m, 3);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        await ReleaseHoldAsync(sessionId);
        Assert.Equal((3, 0, 3), await store.StockOfAsync(pad.VariantId));

        await store.Stripe.PayAsync(sessionId);
        await store.WaitUntilAsync(async () => (await OrderForAsync(sessionId))?.StockSettled == true, "the late order settled");
        Assert.Equal(OrderStatus.Paid, (await OrderForAsync(sessionId))!.Status);
        Assert.Equal((1, 0, 1), await store.StockOfAsync(pad.VariantId));
    }

    private Task ReleaseHoldAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var checkoutId = await sp.GetRequiredService<OrderingDbContext>().Checkouts.Where(c => c.SessionId == sessionId).Select(c => c.Id).SingleAsync();
            Assert.True(await sp.GetRequiredService<ICatalogStock>().ReleaseAsync(checkoutId, CancellationToken.None));
        });

    private Task<Order?> OrderForAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.AsNoTracking().Where(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId)).SingleOrDefaultAsync();
        });

    private Task<int> CountPaidAsync(Guid variantId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.CountAsync(o => o.PaidAt != null && o.StockSettled && o.Lines.Any(l => l.VariantId == variantId));
        });
}
