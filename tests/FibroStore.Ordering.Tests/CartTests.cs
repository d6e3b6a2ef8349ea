using System.Text.Json;
using FibroStore.Ordering.Carts;

namespace FibroStore.Ordering.Tests;

public sealed class CartTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("100")]
    [InlineData("lots")]
    public async Task A_bad_quantity_is_refused_with_a_message_and_the_cart_stays_empty(string quantity)
    {
        var pad = await store.AddSellableProductAsync("Quantity check pad", 10m, 50);
        using var client = store.CreateBrowserClient();
        var response = await client.PostRawAsync("/cart/add", new Dictionary<string, string> { ["variantId"] = pad.VariantId.ToString(), ["quantity"] = quantity }, null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("quantity from 1 to 99", await response.Content.ReadAsStringAsync());
        Assert.Contains("Your cart is empty", await client.GetPageAsync("/cart"));
    }

    [Fact]
    public async Task An_unknown_or_tampered_variant_is_refused_without_a_server_error()
    {
        using var client = store.CreateBrowserClient();
        var unknown = await client.PostRawAsync("/cart/add", new Dictionary<string, string> { ["variantId"] = Guid.NewGuid().ToString(), ["quantity"] = "1" }, null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var garbled = await client.PostRawAsync("/cart/add", new Dictionary<string, string> { ["variantId"] = "'; DROP TABLE carts; --", ["quantity"] = "1" }, null);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        var missing = await client.PostRawAsync("/cart/add", new Dictionary<string, string>(), null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task More_than_is_in_stock_is_refused_and_says_how_many_are_left()
    {
        var pad = await store.AddSellableProductAsync("Scarce pad", 10m, 3);
        using var client = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, pad.VariantId, 2)).StatusCode);
        var tooMany = await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Contains("Only 1 more", await tooMany.Content.ReadAsStringAsync());

        var update = await client.PostFormAsync("/cart", new Dictionary<string, string> { ["variantId"] = pad.VariantId.ToString(), ["quantity"] = "7" }, "/cart?handler=Update");
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
        Assert.Contains("Only 3", await update.Content.ReadAsStringAsync());
        Assert.Equal(2, await CartQuantityAsync(pad.VariantId));
    }

    [Fact]
    public async Task A_back_ordered_line_stops_at_99_with_a_calm_message_and_keeps_what_it_had()
    {
        var pad = await store.AddSellableProductAsync("Backorder pad", 10m, 0, allowBackorder: true);
        using var client = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, pad.VariantId, 60)).StatusCode);

        var tooMany = await StoreFactory.AddToCartAsync(client, pad.VariantId, 60);
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Contains("Only 39 more of Backorder pad (Standard) can be added: a cart holds up to 99 of each item.", await tooMany.Content.ReadAsStringAsync());
        Assert.Equal(60, await CartQuantityAsync(pad.VariantId));

        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, pad.VariantId, 39)).StatusCode);
        Assert.Equal(99, await CartQuantityAsync(pad.VariantId));
    }

    [Fact]
    public async Task Fields_the_browser_adds_cannot_change_a_price_or_total()
    {
        var pad = await store.AddSellableProductAsync("Honest price pad", 30m, 5);
        using var client = store.CreateBrowserClient();
        await client.PostRawAsync("/cart/add", new Dictionary<string, string>
        {
            ["variantId"] = pad.VariantId.ToString(), ["quantity"] = "1", ["price"] = "0.01", ["Price"] = "0.01", ["unitPrice"] = "0.01",
        }, null);
        var sessionId = await StoreFactory.StartCheckoutAsync(client, "honest@example.org", new Dictionary<string, string>
        {
            ["Input.Total"] = "0.01", ["Input.Subtotal"] = "0.01", ["Input.ShippingPrice"] = "0", ["amount_total"] = "1",
        });
        // $30 + $3.95 standard delivery (free only from $40).
        Assert.Equal(3395, store.Stripe.GetSession(sessionId)!.AmountTotal);
    }

    [Fact]
    public async Task Quantity_changes_and_removal_work_with_plain_forms_and_the_header_count_follows()
    {
        var pad = await store.AddSellableProductAsync("Countable pad", 5m, 20);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        Assert.Equal(2, await HeaderCountAsync(client));

        var update = await client.PostFormAsync("/cart", new Dictionary<string, string> { ["variantId"] = pad.VariantId.ToString(), ["quantity"] = "5" }, "/cart?handler=Update");
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);
        Assert.Equal(5, await HeaderCountAsync(client));
        Assert.Contains("Quantity updated", await client.GetPageAsync("/cart"));

        var bad = await client.PostFormAsync("/cart", new Dictionary<string, string> { ["variantId"] = pad.VariantId.ToString(), ["quantity"] = "-1" }, "/cart?handler=Update");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(5, await HeaderCountAsync(client));

        await client.PostFormAsync("/cart", new Dictionary<string, string> { ["variantId"] = pad.VariantId.ToString() }, "/cart?handler=Remove");
        Assert.Equal(0, await HeaderCountAsync(client));
    }

    [Fact]
    public async Task A_visitor_cart_joins_the_shopper_cart_on_sign_in()
    {
        var pad = await store.AddSellableProductAsync("Merge pad", 7m, 20);
        var tea = await store.AddSellableProductAsync("Merge tea", 3m, 20);
        var (signedIn, _) = await store.SignInNewUserAsync();
        await StoreFactory.AddToCartAsync(signedIn, pad.VariantId, 1);

        // The same person as a visitor on another device adds more, then signs in there.
        var email = $"merge-{Guid.NewGuid():N}@example.org";
        await store.CreateUserAsync(email);
        using var visitor = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(visitor, tea.VariantId, 2);
        var login = await visitor.PostFormAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cart = await visitor.GetPageAsync("/cart");
        Assert.Contains("Merge tea", cart);
        Assert.Equal(2, await HeaderCountAsync(visitor));
        signedIn.Dispose();
    }

    [Fact]
    public async Task Signing_in_joins_the_visitor_cart_at_once_without_waiting_for_a_read()
    {
        var tea = await store.AddSellableProductAsync("Sign-in tea", 3m, 20);
        var email = $"join-{Guid.NewGuid():N}@example.org";
        var customerId = await store.CreateUserAsync(email);
        using var visitor = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(visitor, tea.VariantId, 2);
        var visitorCartId = await CartIdHoldingAsync(tea.VariantId);

        var login = await visitor.PostFormAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        // Nothing has read the cart since: the sign-in itself made the visitor cart the customer's.
        Assert.Equal(customerId, await store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Carts
            .Where(c => c.Id == visitorCartId).Select(c => c.CustomerId).SingleAsync()));
        Assert.Equal(2, await HeaderCountAsync(visitor));
    }

    [Fact]
    public async Task Reading_the_cart_while_signed_in_with_a_visitor_cart_changes_no_row_and_the_next_change_joins_them()
    {
        var pad = await store.AddSellableProductAsync("Read-only pad", 7m, 20);
        var tea = await store.AddSellableProductAsync("Read-only tea", 3m, 20);
        var (customer, _) = await store.SignInNewUserAsync();
        await StoreFactory.AddToCartAsync(customer, pad.VariantId, 1);
        using var visitor = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(visitor, tea.VariantId, 2);
        var customerCartId = await CartIdHoldingAsync(pad.VariantId);
        var visitorCartId = await CartIdHoldingAsync(tea.VariantId);

        // The same browser holds both: signed in, and still carrying a visitor cart's cookie (a request raced the sign-in).
        customer.Http.DefaultRequestHeaders.Add("Cookie", $"{CartStore.CookieName}={visitorCartId:N}");
        var before = await RowVersionsAsync(customerCartId, visitorCartId);

        var state = await customer.GetAsync("/session/state");
        var cart = await customer.GetPageAsync("/cart");
        Assert.Equal(before, await RowVersionsAsync(customerCartId, visitorCartId));

        // What the person sees is the joined cart all the same, and the browser keeps the cookie the join still needs.
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        using (var json = JsonDocument.Parse(await state.Content.ReadAsStringAsync()))
            Assert.Equal(3, json.RootElement.GetProperty("cartCount").GetInt32());
        Assert.DoesNotContain(state.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(CartStore.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("Read-only tea", cart);
        Assert.Contains("Read-only pad", cart);

        var update = await customer.PostFormAsync("/cart", new Dictionary<string, string> { ["variantId"] = pad.VariantId.ToString(), ["quantity"] = "2" }, "/cart?handler=Update");
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            Assert.False(await db.Carts.AnyAsync(c => c.Id == visitorCartId));
            var lines = await db.CartLines.Where(l => l.CartId == customerCartId).Select(l => new { l.VariantId, l.Quantity }).ToListAsync();
            Assert.Equal(new[] { (pad.VariantId, 2), (tea.VariantId, 2) }.OrderBy(l => l.Item1), lines.Select(l => (l.VariantId, l.Quantity)).OrderBy(l => l.Item1));
        });
    }

    [Fact]
    public async Task A_visitors_new_cart_sets_a_hint_the_pages_script_can_read_beside_its_own_cookie()
    {
        var pad = await store.AddSellableProductAsync("Hinted pad", 5m, 5);
        using var visitor = store.CreateBrowserClient();

        var added = await StoreFactory.AddToCartAsync(visitor, pad.VariantId);
        var cookies = added.Headers.GetValues("Set-Cookie").ToList();
        var cart = Assert.Single(cookies, c => c.StartsWith(CartStore.CookieName + "=", StringComparison.Ordinal));
        var hint = Assert.Single(cookies, c => c.StartsWith(CartStore.HintCookieName + "=1;", StringComparison.Ordinal));
        Assert.Contains("httponly", cart, StringComparison.OrdinalIgnoreCase);
        // Readable by the page's script, and it says nothing but that there is a cart: the cart's id stays unreadable.
        Assert.DoesNotContain("httponly", hint, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", hint, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=2592000", hint, StringComparison.OrdinalIgnoreCase);

        // The cart exists now: adding again sets neither.
        var again = await StoreFactory.AddToCartAsync(visitor, pad.VariantId);
        Assert.False(again.Headers.TryGetValues("Set-Cookie", out var more) && more.Any(c => c.StartsWith("fs_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_cart_cookie_that_points_nowhere_is_an_empty_cart_not_an_error()
    {
        using var client = store.CreateBrowserClient();
        client.Http.DefaultRequestHeaders.Add("Cookie", $"fs_cart={Guid.NewGuid():N}");
        Assert.Contains("Your cart is empty", await client.GetPageAsync("/cart"));
        Assert.Equal(0, await HeaderCountAsync(client));
        // Checkout from a page that still showed the form: the cart is gone, so nothing starts.
        var pad = await store.AddSellableProductAsync("Vanishing pad", 5m, 5);
        using var other = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(other, pad.VariantId);
        var page = await other.GetPageAsync("/cart");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        await other.PostRawAsync("/cart?handler=Remove", new Dictionary<string, string> { ["variantId"] = pad.VariantId.ToString() }, System.Net.WebUtility.HtmlDecode(token));
        var checkout = await other.PostRawAsync("/cart?handler=Checkout", new Dictionary<string, string> { ["Input.Email"] = "gone@example.org" }, System.Net.WebUtility.HtmlDecode(token));
        Assert.Equal(HttpStatusCode.BadRequest, checkout.StatusCode);
        Assert.Contains("Your cart is empty", await checkout.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Checkout_without_an_email_or_with_a_bad_code_or_shipping_choice_is_refused_with_a_message()
    {
        var pad = await store.AddSellableProductAsync("Careful pad", 10m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);

        var noEmail = await StoreFactory.PostCheckoutAsync(client, email: null);
        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.Contains("so we can send your receipt", await noEmail.Content.ReadAsStringAsync());

        var badEmail = await StoreFactory.PostCheckoutAsync(client, email: "not-an-address");
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);

        var badCode = await StoreFactory.PostCheckoutAsync(client, extra: new Dictionary<string, string> { ["Input.DiscountCode"] = "NOSUCHCODE" });
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Contains("That discount code cannot be used. Please check it, or leave the box empty.", await badCode.Content.ReadAsStringAsync());

        var badShipping = await StoreFactory.PostCheckoutAsync(client, extra: new Dictionary<string, string> { ["Input.ShippingOptionId"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, badShipping.StatusCode);

        Assert.Equal((5, 0, 5), await store.StockOfAsync(pad.VariantId));
    }

    [Fact]
    public async Task A_percent_code_lowers_the_total_and_counts_a_use_only_when_the_order_is_paid()
    {
        var code = "CALM" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            db.DiscountCodes.Add(new DiscountCode { Id = Guid.NewGuid(), Code = code, Kind = DiscountKind.Percent, Value = 10, UsageLimit = 1, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var pad = await store.AddSellableProductAsync("Discounted pad", 50m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client, "code@example.org", new Dictionary<string, string> { ["Input.DiscountCode"] = code.ToLowerInvariant() });
        Assert.Equal(4500, store.Stripe.GetSession(sessionId)!.AmountTotal); // $50 − 10 %, free delivery from $40
        Assert.Equal(0, await TimesUsedAsync(code));

        await store.Stripe.PayAsync(sessionId);
        await store.WaitUntilAsync(async () => await TimesUsedAsync(code) == 1, "the code's use counted");

        using var second = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(second, pad.VariantId);
        var usedUp = await StoreFactory.PostCheckoutAsync(second, "again@example.org", new Dictionary<string, string> { ["Input.DiscountCode"] = code });
        Assert.Equal(HttpStatusCode.BadRequest, usedUp.StatusCode);
        // Used up, unknown and ended codes get one answer, so trying codes tells nobody which exist.
        Assert.Contains("That discount code cannot be used. Please check it, or leave the box empty.", await usedUp.Content.ReadAsStringAsync());
    }

    private Task<int> TimesUsedAsync(string code) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().DiscountCodes.Where(d => d.Code == code).Select(d => d.TimesUsed).SingleAsync());

    private Task<Guid> CartIdHoldingAsync(Guid variantId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().CartLines.Where(l => l.VariantId == variantId).Select(l => l.CartId).SingleAsync());

    /// <summary>Each row of the two carts with its PostgreSQL row version (xmin), which any write to the row changes.</summary>
    private Task<List<string>> RowVersionsAsync(Guid first, Guid second) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Database.SqlQuery<string>($"""
            SELECT 'cart ' || id || ' ' || xmin::text AS "Value" FROM ordering.carts WHERE id IN ({first}, {second})
            UNION ALL
            SELECT 'line ' || cart_id || ' ' || variant_id || ' ' || xmin::text FROM ordering.cart_lines WHERE cart_id IN ({first}, {second})
            ORDER BY 1
            """).ToListAsync());

    private static async Task<int> HeaderCountAsync(BrowserClient client)
    {
        using var json = JsonDocument.Parse(await client.GetPageAsync("/session/state"));
        return json.RootElement.GetProperty("cartCount").GetInt32();
    }

    private Task<int> CartQuantityAsync(Guid variantId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().CartLines.Where(l => l.VariantId == variantId).SumAsync(l => l.Quantity));
}
