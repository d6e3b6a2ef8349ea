namespace FibroStore.Ordering.Tests;

public sealed class DiscountUseTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Twenty_checkouts_racing_for_a_single_use_code_all_pay_and_exactly_one_has_the_discount()
    {
        var code = await AddCodeAsync("ONCE", usageLimit: 1);
        var pad = await store.AddSellableProductAsync("Single-use code pad", 20m, 40);
        var shoppers = Enumerable.Range(0, 20).Select(_ => store.CreateBrowserClient()).ToList();
        try
        {
            var tokens = new List<string>();
            foreach (var client in shoppers)
            {
                await StoreFactory.AddToCartAsync(client, pad.VariantId);
                tokens.Add(await client.FormTokenAsync("/cart"));
            }
            var withCode = new Dictionary<string, string> { ["Input.DiscountCode"] = code };
            var attempts = await Task.WhenAll(shoppers.Select((client, i) => StoreFactory.PressCheckoutAsync(client, tokens[i], $"racer{i}@example.org", withCode)));

            var started = attempts.Select((r, i) => (Response: r, Client: shoppers[i], Email: $"racer{i}@example.org")).Where(a => a.Response.StatusCode == HttpStatusCode.Redirect).ToList();
            Assert.Single(started);
            var refused = attempts.Select((r, i) => (Response: r, Client: shoppers[i], Email: $"racer{i}@example.org")).Where(a => a.Response.StatusCode != HttpStatusCode.Redirect).ToList();
            foreach (var (response, _, _) in refused)
            {
                // Refused at the start, with a plain message, whether the code's last use was already taken when the basket
                // was priced (400) or only when the checkout was saved (409).
                Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict });
                var page = await response.Content.ReadAsStringAsync();
                Assert.True(page.Contains("That discount code cannot be used.", StringComparison.Ordinal)
                            || page.Contains("That discount code has just been used up. Please remove it to pay without it.", StringComparison.Ordinal),
                    BrowserClient.Shorten(page));
            }

            // The nineteen try again without the code, and everyone pays.
            var sessions = new List<string> { StoreFactory.SessionIdFrom(started[0].Response.Headers.Location!) };
            foreach (var (_, client, email) in refused)
                sessions.Add(await StoreFactory.StartCheckoutAsync(client, email));
            await Task.WhenAll(sessions.Select(id => store.Stripe.PayAsync(id)));
            await store.WaitUntilAsync(async () => (await OrdersOfAsync(pad.VariantId)).Count(o => o.PaidAt != null) == 20, "twenty paid orders", seconds: 120);

            var orders = await OrdersOfAsync(pad.VariantId);
            Assert.Single(orders, o => o.Discount > 0);
            Assert.Equal(19, orders.Count(o => o.Discount == 0 && o.Total == 20m + 3.95m));
            Assert.Equal((1, 0), await UsesAsync(code));
        }
        finally
        {
            shoppers.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_use_held_by_a_payment_page_goes_back_when_the_shopper_leaves_it_when_it_expires_and_when_checkout_starts_again()
    {
        var code = await AddCodeAsync("HELD", usageLimit: 1);
        var tea = await store.AddSellableProductAsync("Held code tea", 30m, 10);
        var withCode = new Dictionary<string, string> { ["Input.DiscountCode"] = code };
        using var first = store.CreateBrowserClient();
        using var second = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(first, tea.VariantId);
        await StoreFactory.AddToCartAsync(second, tea.VariantId);

        var session = await StoreFactory.StartCheckoutAsync(first, "first@example.org", withCode);
        Assert.Equal((0, 1), await UsesAsync(code));
        var blocked = await StoreFactory.PostCheckoutAsync(second, "second@example.org", withCode);
        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.Contains("That discount code cannot be used.", await blocked.Content.ReadAsStringAsync());

        // Starting again from the same cart closes the first payment page: its use is not held twice.
        session = await StoreFactory.StartCheckoutAsync(first, "first@example.org", withCode);
        Assert.Equal((0, 1), await UsesAsync(code));

        // Leaving the payment page gives the use back.
        var back = await first.GetAsync(new Uri(store.Stripe.GetSession(session)!.CancelUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal((0, 0), await UsesAsync(code));

        // The second shopper takes it; their page expires unpaid, and the use is back again.
        var secondSession = await StoreFactory.StartCheckoutAsync(second, "second@example.org", withCode);
        Assert.Equal((0, 1), await UsesAsync(code));
        await store.Stripe.ExpireAsync(secondSession);
        await store.WaitUntilAsync(async () => await UsesAsync(code) == (0, 0), "the use given back on expiry");

        // Paid at last: a use, nothing held.
        var paid = await StoreFactory.StartCheckoutAsync(first, "first@example.org", withCode);
        await store.Stripe.PayAsync(paid);
        await store.WaitUntilAsync(async () => await UsesAsync(code) == (1, 0), "the use counted");
    }

    private async Task<string> AddCodeAsync(string prefix, int usageLimit)
    {
        var code = prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            db.DiscountCodes.Add(new DiscountCode { Id = Guid.NewGuid(), Code = code, Kind = DiscountKind.Percent, Value = 10, UsageLimit = usageLimit, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        return code;
    }

    private Task<(int Used, int Reserved)> UsesAsync(string code) =>
        store.InScopeAsync(async sp =>
        {
            var d = await sp.GetRequiredService<OrderingDbContext>().DiscountCodes.AsNoTracking().SingleAsync(d => d.Code == code);
            return (d.TimesUsed, d.Reserved);
        });

    private Task<List<Order>> OrdersOfAsync(Guid variantId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Orders.AsNoTracking().Where(o => o.Lines.Any(l => l.VariantId == variantId)).ToListAsync());
}
