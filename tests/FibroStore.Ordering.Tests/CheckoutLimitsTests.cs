using FibroStore.StripeEmulator;

namespace FibroStore.Ordering.Tests;

/// <summary>
/// The store with checkout's per-client limits at their real defaults (the test kit raises them for everyone else),
/// behind a proxy so each test's clients are told apart by X-Forwarded-For, as nginx would.
/// </summary>
public sealed class LimitedStore : StoreFactory
{
    public LimitedStore()
    {
        With("Store:BehindProxy", "true");
        With("Checkout:StartsPerClientLimit", "10");
        With("Checkout:MaxHeldUnitsPerClient", "10");
        With("Checkout:CodeChecksPerClientLimit", "20");
        With("Checkout:ClientWindowMinutes", "10");
    }

    /// <summary>A browser with fresh cookies at the given address.</summary>
    public BrowserClient ClientAt(string address)
    {
        var client = CreateBrowserClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}

public sealed class CheckoutLimitsTests(LimitedStore store) : IClassFixture<LimitedStore>
{
    [Fact]
    public async Task One_client_with_fresh_cookies_holds_at_most_ten_units_then_is_told_to_wait_and_another_client_still_buys_ten()
    {
        var pad = await store.AddSellableProductAsync("Much-wanted heat pad", 12m, 20);
        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var attempt = 0; attempt < 15 && answers.LastOrDefault().Status != HttpStatusCode.TooManyRequests; attempt++)
        {
            // A script that throws its cookies away each time: every start is a new cart.
            using var hoarder = store.ClientAt("203.0.113.7");
            Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(hoarder, pad.VariantId, 3)).StatusCode);
            var response = await StoreFactory.PostCheckoutAsync(hoarder, $"hoarder-{attempt}@example.org");
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            Assert.True((await store.StockOfAsync(pad.VariantId)).Reserved <= 10, $"After start {attempt + 1} more than 10 units are held.");
        }

        // Three starts of 3 fit under the cap of 10; the next seven are refused by it; the eleventh start is one too many.
        Assert.Equal(11, answers.Count);
        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Redirect, a.Status));
        Assert.All(answers.Skip(3).Take(7), a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.Status);
            Assert.Contains("Another payment started from here is still holding items (9 of the 10 we can hold at once)", a.Body);
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1].Status);
        Assert.Contains("You have started checkout several times in the last few minutes. Nothing was charged. Please wait 10 minutes", answers[^1].Body);
        Assert.Equal((20, 9, 11), await store.StockOfAsync(pad.VariantId));

        using var shopper = store.ClientAt("198.51.100.23");
        await StoreFactory.AddToCartAsync(shopper, pad.VariantId, 10);
        var email = $"ten-pads-{Guid.NewGuid():N}@example.org";
        var sessionId = await StoreFactory.StartCheckoutAsync(shopper, email);
        Assert.Equal(PaymentResult.Paid, (await store.Stripe.PayAsync(sessionId, email: email)).Result);
        await store.WaitUntilAsync(async () => await PaidOrderForAsync(sessionId) is { StockSettled: true }, "the ten pads paid");
        Assert.Equal(10, (await PaidOrderForAsync(sessionId))!.Lines.Single().Quantity);
        Assert.Equal((10, 9, 1), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task Eight_starts_at_once_from_one_client_hold_no_more_than_its_ten_units()
    {
        var pad = await store.AddSellableProductAsync("Rushed-for heat pad", 12m, 30);
        var hoarders = Enumerable.Range(0, 8).Select(_ => store.ClientAt("203.0.113.50")).ToList();
        try
        {
            var tokens = new List<string>();
            foreach (var hoarder in hoarders)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(hoarder, pad.VariantId, 3)).StatusCode);
                tokens.Add(await hoarder.FormTokenAsync("/cart"));
            }

            var answers = await Task.WhenAll(hoarders.Select((hoarder, i) => StoreFactory.PressCheckoutAsync(hoarder, tokens[i], $"rush-{i}@example.org")));

            // Three starts of 3 fit under the cap of 10, whichever three come first; the other five are refused by it.
            var got = string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}"));
            Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Redirect) == 3 && answers.Count(a => a.StatusCode == HttpStatusCode.Conflict) == 5,
                $"Expected 302 ×3 and 409 ×5, got {got}");
            Assert.Equal((30, 9, 21), await store.StockOfAsync(pad.VariantId));
        }
        finally
        {
            hoarders.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task Staff_are_asked_to_look_when_open_payment_pages_hold_more_than_half_of_an_option()
    {
        var name = $"Watched wrap {Guid.NewGuid():N}"[..20];
        var wrap = await store.AddSellableProductAsync(name, 18m, 10);
        using var staff = await Staff.StaffOrderHelpers.MerchandiserAsync(store);
        await HoldAsync("192.0.2.41", wrap, 4);
        Assert.DoesNotContain(name, await staff.GetPageAsync("/staff/orders/checkouts"));

        await HoldAsync("192.0.2.42", wrap, 3);
        Assert.Equal((10, 7, 3), await store.StockOfAsync(wrap.VariantId));
        var home = await staff.GetPageAsync("/staff");
        Assert.Matches(@"\d+ product options? more than half held by open payment pages", home);
        var page = await staff.GetPageAsync("/staff/orders/checkouts");
        Assert.Matches($@"<th scope=""row"">{name} \(Standard\)</th>\s*<td>[^<]+</td>\s*<td class=""num"">7</td>\s*<td class=""num"">3</td>\s*<td class=""num"">2</td>\s*<td class=""num"">2</td>", page);
    }

    private async Task HoldAsync(string address, TestVariant variant, int quantity)
    {
        using var client = store.ClientAt(address);
        await StoreFactory.AddToCartAsync(client, variant.VariantId, quantity);
        await StoreFactory.StartCheckoutAsync(client, "holder@example.org");
    }

    [Fact]
    public async Task A_basket_bigger_than_the_cap_is_refused_before_anything_is_held()
    {
        var socks = await store.AddSellableProductAsync("Bulk bed socks", 4m, 30);
        using var client = store.ClientAt("203.0.113.20");
        await StoreFactory.AddToCartAsync(client, socks.VariantId, 11);
        var response = await StoreFactory.PostCheckoutAsync(client, "bulk@example.org");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("We can hold at most 10 items for one payment", await response.Content.ReadAsStringAsync());
        Assert.Equal((30, 0, 30), await store.StockOfAsync(socks.VariantId));
    }

    [Fact]
    public async Task The_code_box_answers_alike_for_unknown_ended_and_used_up_codes_and_slows_down_a_client_guessing_codes()
    {
        var unique = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            var now = DateTimeOffset.UtcNow;
            db.DiscountCodes.AddRange(
                new DiscountCode { Id = Guid.NewGuid(), Code = "ENDED" + unique, Kind = DiscountKind.Percent, Value = 10, EndsAt = now.AddDays(-1), CreatedAt = now },
                new DiscountCode { Id = Guid.NewGuid(), Code = "USED" + unique, Kind = DiscountKind.Percent, Value = 10, UsageLimit = 3, TimesUsed = 3, CreatedAt = now },
                new DiscountCode { Id = Guid.NewGuid(), Code = "LATER" + unique, Kind = DiscountKind.Percent, Value = 10, StartsAt = now.AddDays(5), CreatedAt = now },
                new DiscountCode { Id = Guid.NewGuid(), Code = "GOOD" + unique, Kind = DiscountKind.Percent, Value = 10, CreatedAt = now });
            await db.SaveChangesAsync();
        });
        var tea = await store.AddSellableProductAsync("Code box tea", 10m, 5);
        using var client = store.ClientAt("203.0.113.30");
        await StoreFactory.AddToCartAsync(client, tea.VariantId);

        var answers = new List<(HttpStatusCode Status, string Message)>();
        foreach (var code in new[] { "NOSUCH" + unique, "ENDED" + unique, "USED" + unique, "LATER" + unique })
        {
            var response = await PreviewAsync(client, code);
            answers.Add((response.StatusCode, CodeError(await response.Content.ReadAsStringAsync())));
        }
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.BadRequest, "That discount code cannot be used. Please check it, or leave the box empty."), a));
        var good = await PreviewAsync(client, "good" + unique);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("Discount code applied.", await good.Content.ReadAsStringAsync());

        // Twenty checks per ten minutes: five are spent; the next fifteen are answered, the one after is not.
        for (var i = 0; i < 15; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await PreviewAsync(client, $"GUESS{i}{unique}")).StatusCode);
        var slowed = await PreviewAsync(client, "GOOD" + unique);
        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        Assert.Contains("You have tried several discount codes in a short time", await slowed.Content.ReadAsStringAsync());

        // Another client is not slowed by this one.
        using var other = store.ClientAt("203.0.113.31");
        await StoreFactory.AddToCartAsync(other, tea.VariantId);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(other, "GOOD" + unique)).StatusCode);
    }

    private static Task<HttpResponseMessage> PreviewAsync(BrowserClient client, string code) =>
        client.PostFormAsync("/cart", new Dictionary<string, string> { ["Input.DiscountCode"] = code }, "/cart?handler=Preview");

    /// <summary>The message shown beside the discount code box.</summary>
    private static string CodeError(string page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, "id=\"discount-code-error\"[^>]*>([^<]*)<");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : page;
    }

    private Task<Order?> PaidOrderForAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.AsNoTracking().Where(o => o.PaidAt != null && db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId))
                .SingleOrDefaultAsync();
        });
}
