using FibroStore.Ordering.Tests.Staff;
using FibroStore.StripeEmulator;

namespace FibroStore.Ordering.Tests;

public sealed class CheckoutTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_guest_pays_with_the_test_card_and_gets_one_paid_order_its_stock_sold_and_a_receipt()
    {
        var pad = await store.AddSellableProductAsync("Wheat heat pad", 24.50m, 5);
        var tea = await store.AddSellableProductAsync("Chamomile tea", 6.25m, 10);
        using var client = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, pad.VariantId, 2)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, tea.VariantId)).StatusCode);

        var cart = await client.GetPageAsync("/cart");
        Assert.Contains("Wheat heat pad", cart);
        Assert.Contains("$55.25", cart); // 2 × 24.50 + 6.25

        var email = $"guest-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email);
        var held = await store.StockOfAsync(pad.VariantId);
        Assert.Equal((5, 2, 3), held);

        var session = store.Stripe.GetSession(sessionId)!;
        // Standard delivery is free over $40: the payment page charges exactly the server's total.
        Assert.Equal(5525, session.AmountTotal);
        Assert.Equal("required", session.BillingAddressCollection);

        var outcome = await store.Stripe.PayAsync(sessionId, TestCards.Succeeds, email);
        Assert.Equal(PaymentResult.Paid, outcome.Result);
        await store.WaitUntilAsync(async () => (await LoadOrderAsync(sessionId))?.StockSettled == true, "the paid order");

        var order = (await LoadOrderAsync(sessionId))!;
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(55.25m, order.Total);
        Assert.Equal(email, order.Email);
        Assert.Equal(2, order.Lines.Count);
        Assert.Equal((3, 0, 3), await store.StockOfAsync(pad.VariantId));
        Assert.Equal((9, 0, 9), await store.StockOfAsync(tea.VariantId));
        // The payment page's one address form is the delivery and the billing address, as Stripe's is by default.
        Assert.Equal(new OrderAddress("Test Shopper", "1 Test Street", null, "Portland", "OR", "97201", "GB"), order.BillingAddress);
        Assert.Equal(order.ShippingAddress, order.BillingAddress);

        var receipt = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains(order.DisplayNumber, StringComparison.Ordinal));
        Assert.Contains("Wheat heat pad", receipt.TextBody);
        Assert.Contains("$55.25", receipt.TextBody);
        Assert.Contains("Billing address: same as the delivery address", receipt.TextBody);

        // The return page shows the order; the cart is empty afterwards.
        var back = await client.GetPageAsync($"/checkout/complete?session_id={sessionId}");
        Assert.Contains(order.DisplayNumber, back);
        Assert.Contains("<h2>Billing address</h2>", back);
        Assert.Contains("<p>Same as the delivery address.</p>", back);
        Assert.Contains("Your cart is empty", await client.GetPageAsync("/cart"));
        using var staff = await store.MerchandiserAsync();
        Assert.Matches(@"<dt>Bill to</dt>\s*<dd>\s*Same as the delivery address\s*</dd>", await staff.GetPageAsync($"/staff/orders/{order.DisplayNumber}"));
    }

    [Fact]
    public async Task The_return_page_places_the_order_when_the_webhook_has_not_arrived_yet()
    {
        var pad = await store.AddSellableProductAsync("Lavender eye pillow", 12m, 4);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        store.Stripe.PauseDeliveries();
        try
        {
            await store.Stripe.PayAsync(sessionId);
            var page = await client.GetPageAsync($"/checkout/complete?session_id={sessionId}");
            Assert.Contains("is confirmed", page);
            Assert.Equal(1, await store.CountOrdersForSessionAsync(sessionId));
        }
        finally
        {
            store.Stripe.ResumeDeliveries();
        }
        // The webhook arriving afterwards changes nothing.
        await store.WaitUntilAsync(() => Task.FromResult(store.Stripe.EventsOfType("checkout.session.completed").Count > 0), "the completed event");
        await Task.Delay(300);
        await store.DrainOutboxAsync();
        Assert.Equal(1, await store.CountOrdersForSessionAsync(sessionId));
        Assert.Equal((3, 0, 3), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task A_declined_card_leaves_no_order_and_the_stock_still_held_for_a_second_try()
    {
        var pad = await store.AddSellableProductAsync("Memory foam pillow", 39m, 3);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);

        var declined = await store.Stripe.PayAsync(sessionId, TestCards.Declined);
        Assert.Equal(PaymentResult.Declined, declined.Result);
        var broke = await store.Stripe.PayAsync(sessionId, TestCards.InsufficientFunds);
        Assert.Equal(PaymentResult.Declined, broke.Result);
        await store.DrainOutboxAsync();
        Assert.Equal(0, await store.CountOrdersForSessionAsync(sessionId));
        Assert.Equal((3, 1, 2), await store.StockOfAsync(pad.VariantId));

        Assert.Equal(PaymentResult.Paid, (await store.Stripe.PayAsync(sessionId)).Result);
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, "the order after the second card");
    }

    [Fact]
    public async Task Starting_checkout_again_from_the_same_cart_closes_the_first_payment_page_and_holds_the_stock_once()
    {
        var pad = await store.AddSellableProductAsync("Lavender eye pillow", 16m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var first = await StoreFactory.StartCheckoutAsync(client);
        Assert.Equal((5, 2, 3), await store.StockOfAsync(pad.VariantId));

        // The shopper goes back with the browser's back button (the page's own link is not used) and presses again.
        var second = await StoreFactory.StartCheckoutAsync(client);
        Assert.NotEqual(first, second);
        Assert.Equal("expired", store.Stripe.GetSession(first)!.Status);
        Assert.Equal((5, 2, 3), await store.StockOfAsync(pad.VariantId));

        var third = await StoreFactory.StartCheckoutAsync(client);
        Assert.Equal("expired", store.Stripe.GetSession(second)!.Status);
        Assert.Equal((5, 2, 3), await store.StockOfAsync(pad.VariantId));
        Assert.Equal(PaymentResult.Paid, (await store.Stripe.PayAsync(third)).Result);
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(third) == 1, "the order from the third page");
    }

    [Fact]
    public async Task Starting_again_after_stripe_forgot_the_first_page_closes_it_and_holds_the_stock_once()
    {
        var pad = await store.AddSellableProductAsync("Cooling neck wrap", 18m, 4);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var first = await StoreFactory.StartCheckoutAsync(client);
        // Stripe no longer knows the first page (the keys changed, or the dev emulator restarted and forgot its sessions).
        var forgotten = "cs_test_" + Guid.NewGuid().ToString("N");
        await store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Checkouts
            .Where(c => c.SessionId == first).ExecuteUpdateAsync(s => s.SetProperty(c => c.SessionId, forgotten)));

        var second = await StoreFactory.StartCheckoutAsync(client);
        Assert.Equal((4, 2, 2), await store.StockOfAsync(pad.VariantId));
        var statuses = await store.InScopeAsync(async sp => await sp.GetRequiredService<OrderingDbContext>().Checkouts
            .Where(c => c.SessionId == forgotten || c.SessionId == second).OrderBy(c => c.CreatedAt).Select(c => c.Status).ToListAsync());
        Assert.Equal([CheckoutStatus.Cancelled, CheckoutStatus.Open], statuses);
    }

    [Fact]
    public async Task Leaving_the_payment_page_keeps_the_cart_and_gives_the_stock_back()
    {
        var pad = await store.AddSellableProductAsync("Weighted blanket", 89m, 2);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        Assert.Equal((2, 2, 0), await store.StockOfAsync(pad.VariantId));

        // The payment page's back link names this checkout; only that one, in this browser, is closed.
        var back = await client.GetAsync(new Uri(store.Stripe.GetSession(sessionId)!.CancelUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var cart = await client.GetPageAsync(back.Headers.Location!.ToString());
        Assert.Contains("Nothing was charged", cart);
        Assert.Contains("Weighted blanket", cart);
        Assert.Equal((2, 0, 2), await store.StockOfAsync(pad.VariantId));
        Assert.Equal("expired", store.Stripe.GetSession(sessionId)!.Status);

        // A second go at checkout works with the same cart.
        var again = await StoreFactory.StartCheckoutAsync(client);
        Assert.NotEqual(sessionId, again);
        Assert.Equal((2, 2, 0), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task An_expired_payment_page_gives_its_stock_back_and_places_no_order()
    {
        var pad = await store.AddSellableProductAsync("Magnesium flakes", 15m, 6);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 3);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        await store.Stripe.ExpireAsync(sessionId);
        await store.WaitUntilAsync(async () => (await store.StockOfAsync(pad.VariantId)).Reserved == 0, "the stock released");
        Assert.Equal(0, await store.CountOrdersForSessionAsync(sessionId));
        Assert.Contains("Magnesium flakes", await client.GetPageAsync("/cart"));
    }

    [Fact]
    public async Task A_bank_payment_that_settles_later_moves_the_order_from_pending_to_paid()
    {
        var pad = await store.AddSellableProductAsync("Foam roller", 22m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        await store.Stripe.PayByBankTransferAsync(sessionId);
        await store.WaitUntilAsync(async () => (await LoadOrderAsync(sessionId))?.Status == OrderStatus.PendingPayment, "a pending order");
        Assert.Equal((5, 1, 4), await store.StockOfAsync(pad.VariantId));

        await store.Stripe.SettleBankTransferAsync(sessionId, succeeded: true);
        await store.WaitUntilAsync(async () => (await LoadOrderAsync(sessionId))?.Status == OrderStatus.Paid, "the order paid");
        Assert.Equal((4, 0, 4), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task A_bank_payment_that_fails_cancels_the_order_and_gives_the_stock_back()
    {
        var pad = await store.AddSellableProductAsync("Epsom salt", 9m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        await store.Stripe.PayByBankTransferAsync(sessionId);
        await store.WaitUntilAsync(async () => (await LoadOrderAsync(sessionId))?.Status == OrderStatus.PendingPayment, "a pending order");

        await store.Stripe.SettleBankTransferAsync(sessionId, succeeded: false);
        await store.WaitUntilAsync(async () => (await LoadOrderAsync(sessionId))?.Status == OrderStatus.Cancelled, "the order cancelled");
        Assert.Equal((5, 0, 5), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task A_bank_payment_that_settles_after_staff_cancelled_the_order_is_refunded_not_kept()
    {
        var pad = await store.AddSellableProductAsync("Late transfer pad", 30m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client);
        await store.Stripe.PayByBankTransferAsync(sessionId);
        await store.WaitUntilAsync(async () => (await LoadOrderAsync(sessionId))?.Status == OrderStatus.PendingPayment, "a pending order");

        // What the staff page's "Cancel" does: the order is cancelled and its stock goes back.
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            var order = await db.Orders.Include(o => o.History).SingleAsync(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId));
            order.Cancel("staff", "Customer asked to cancel.", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<FibroStore.Catalog.Contracts.ICatalogStock>().ReleaseAsync(order.CheckoutId, CancellationToken.None);
        });

        await store.Stripe.SettleBankTransferAsync(sessionId, succeeded: true);
        // $30 and $3.95 delivery: the whole payment goes back.
        await store.WaitUntilAsync(async () => await RefundsForAsync(sessionId) == 33.95m, "the payment refunded");
        var final = (await LoadOrderAsync(sessionId))!;
        Assert.Equal(OrderStatus.Cancelled, final.Status);
        Assert.Null(final.PaidAt);
        Assert.Equal((5, 0, 5), await store.StockOfAsync(pad.VariantId));
        var charge = store.Stripe.GetCharge(store.Stripe.GetPaymentIntent(final.PaymentIntentId!)!.LatestChargeId)!;
        Assert.Equal(3000 + 395, charge.AmountRefunded);
    }

    private Task<decimal> RefundsForAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Refunds.Where(r => r.Status == RefundStatus.Succeeded
                    && db.Orders.Any(o => o.Id == r.OrderId && db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId)))
                .SumAsync(r => r.Amount);
        });

    private Task<Order?> LoadOrderAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.AsNoTracking().Where(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId)).SingleOrDefaultAsync();
        });
}
