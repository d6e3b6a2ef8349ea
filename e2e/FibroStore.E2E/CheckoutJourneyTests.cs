using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Security;
using FibroStore.TestKit;
using Microsoft.Playwright;

namespace FibroStore.E2E;

/// <summary>
/// Buying as a person does: product pages, the cart, the emulator's hosted payment page over real HTTP (its
/// webhooks come back to the store's port too), the emails in the dev mailbox, and staff shipping and refunding.
/// </summary>
public sealed partial class CheckoutJourneyTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private StoreFactory Store => session.Store;

    [Fact]
    public async Task A_guest_buys_two_products_with_a_card_sees_the_order_and_opens_it_from_the_email()
    {
        var unique = Unique();
        var pad = await Store.AddSellableProductAsync($"Journey Heat Pad {unique}", 12.00m, 5);
        var tea = await Store.AddSellableProductAsync($"Journey Sleep Tea {unique}", 9.50m, 8);
        var email = $"guest-{unique}@example.org";
        var page = await session.NewPageAsync();

        await AddToCartFromProductPageAsync(page, pad);
        await Assertions.Expect(CartCount(page)).ToHaveTextAsync("1");
        await AddToCartFromProductPageAsync(page, tea);
        await Assertions.Expect(CartCount(page)).ToHaveTextAsync("2");
        var items = page.GetByRole(AriaRole.Table, new() { Name = "Items in your cart" });
        await Assertions.Expect(items.GetByRole(AriaRole.Link, new() { Name = pad.Name })).ToBeVisibleAsync();
        await Assertions.Expect(items.GetByRole(AriaRole.Link, new() { Name = tea.Name })).ToBeVisibleAsync();

        var sessionId = await ContinueToPaymentAsync(page, email);
        await FillPaymentPageAsync(page, "4242 4242 4242 4242");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();

        await session.WaitForPageAsync(page, new Regex(@"/checkout/complete\?session_id=cs_"));
        await session.ScanAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order", Level = 1 })).ToBeVisibleAsync();
        var confirmed = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var number = OrderNumber().Match(confirmed).Value;
        Assert.False(string.IsNullOrEmpty(number), $"The return page names no order number: {confirmed}");
        var lines = page.GetByRole(AriaRole.Table, new() { Name = $"Items in order {number}" });
        await Assertions.Expect(lines.GetByRole(AriaRole.Row).Filter(new() { HasText = pad.Name })).ToBeVisibleAsync();
        await Assertions.Expect(lines.GetByRole(AriaRole.Row).Filter(new() { HasText = tea.Name })).ToBeVisibleAsync();
        Assert.Equal(1, await Store.CountOrdersForSessionAsync(sessionId));

        await session.OpenMailAsync(page, email, $"Your order {number} is confirmed");
        await page.Locator($".mail-links a[href*='/orders/{number}?t=']").First.ClickAsync();
        await session.WaitForPageAsync(page, new Regex($@"/orders/{number}\?t="));
        await session.ScanAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Paid, being prepared")).ToBeVisibleAsync();

        // The sale is committed once the webhook (or the return page) settled it: nothing is held any more.
        Assert.Equal((4, 0, 4), await Store.StockOfAsync(pad.VariantId));
        Assert.Equal((7, 0, 7), await Store.StockOfAsync(tea.VariantId));
    }

    [Fact]
    public async Task A_declined_card_leaves_no_order_and_going_back_to_the_store_keeps_the_cart()
    {
        var unique = Unique();
        var mask = await Store.AddSellableProductAsync($"Journey Eye Mask {unique}", 11.00m, 3);
        var page = await session.NewPageAsync();

        await AddToCartFromProductPageAsync(page, mask);
        var sessionId = await ContinueToPaymentAsync(page, $"declined-{unique}@example.org");
        await FillPaymentPageAsync(page, "4000 0000 0000 0002");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Your card was declined." })).ToBeVisibleAsync();
        Assert.Contains("/stripe-emulator/pay/" + sessionId, page.Url, StringComparison.Ordinal);
        await session.ScanAsync(page);

        Assert.Equal(0, await Store.CountOrdersForSessionAsync(sessionId));
        Assert.Equal((3, 1, 2), await Store.StockOfAsync(mask.VariantId));
        var hold = Assert.Single(await HoldsOnAsync(mask.VariantId));
        Assert.Equal(("Open", sessionId, 1), hold);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the store (cancel payment)" }).ClickAsync();
        await session.WaitForPageAsync(page, new Regex(@"/cart\?cancelled=true$"));
        await session.ScanAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You left the payment page. Nothing was charged" })).ToBeVisibleAsync();
        var items = page.GetByRole(AriaRole.Table, new() { Name = "Items in your cart" });
        await Assertions.Expect(items.GetByRole(AriaRole.Link, new() { Name = mask.Name })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel($"Quantity of {mask.Name}")).ToHaveValueAsync("1");
        await Assertions.Expect(CartCount(page)).ToHaveTextAsync("1");

        // Leaving the payment page closes its checkout, so its hold goes back at once; still no order.
        Assert.Equal((3, 0, 3), await Store.StockOfAsync(mask.VariantId));
        Assert.Empty(await HoldsOnAsync(mask.VariantId));
        Assert.Equal(0, await Store.CountOrdersForSessionAsync(sessionId));
    }

    [Fact]
    public async Task A_merchandiser_ships_an_order_then_refunds_one_line_back_into_stock()
    {
        var unique = Unique();
        var pillow = await Store.AddSellableProductAsync($"Journey Neck Pillow {unique}", 15.00m, 6);
        var socks = await Store.AddSellableProductAsync($"Journey Warm Socks {unique}", 8.00m, 6);
        var customer = $"buyer-{unique}@example.org";
        await PlacePaidOrderAsync(customer, pillow, socks);
        Assert.Equal((5, 0, 5), await Store.StockOfAsync(pillow.VariantId));

        var staffEmail = $"merch-{unique}@example.org";
        await Store.CreateUserAsync(staffEmail, StoreFactory.DefaultPassword, StaffRoles.Merchandiser);
        var page = await session.NewPageAsync();
        await session.SignInAsync(page, staffEmail);

        await session.VisitAsync(page, "/staff/orders");
        // Sent with Enter from the field, as a keyboard user does. In one full test run a click on the button was followed
        // by no results page within a minute (not seen again alone); Enter in the field does not depend on where the button is.
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Find orders" }).GetByLabel("Order number, email or name");
        await search.FillAsync(customer);
        await search.PressAsync("Enter");
        await session.WaitForPageAsync(page, new Regex(@"/staff/orders\?q="));
        await session.ScanAsync(page);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = customer });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var number = (await row.GetByRole(AriaRole.Link).InnerTextAsync()).Trim();
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await session.WaitForPageAsync(page, $"**/staff/orders/{number}");
        await session.ScanAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Carrier", new() { Exact = true }).SelectOptionAsync("USPS");
        await page.GetByLabel("Tracking number").FillAsync("9400111899223344556677");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as shipped and email the customer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Marked as shipped." })).ToBeVisibleAsync();
        await session.ScanAsync(page);
        await Assertions.Expect(Fact(page, "Status")).ToHaveTextAsync("Shipped");

        await page.GetByLabel($"Units of {socks.Name} to refund").FillAsync("0");
        await page.GetByLabel($"Units of {pillow.Name} to refund").FillAsync("1");
        await page.GetByLabel(new Regex("^Refund the shipping too")).UncheckAsync();
        await page.GetByLabel("Put the items back in stock").CheckAsync();
        await page.GetByLabel("Reason (for staff; the customer does not see it)").FillAsync("The pillow arrived squashed and came back.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Work out the refund" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Refund $15.00 to the card" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await session.ScanAsync(page);
        await confirm.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Refunded $15.00 to the card. The items are back in stock." })).ToBeVisibleAsync();
        await session.ScanAsync(page);
        await Assertions.Expect(Fact(page, "Status")).ToHaveTextAsync("Partly refunded");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Refunds" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(2);

        // The units go back from the refund's event, which Ordering's outbox delivers a moment after the page answers.
        await Store.WaitUntilAsync(async () => await Store.StockOfAsync(pillow.VariantId) == (6, 0, 6), "the refunded pillow back in stock");
        Assert.Equal((6, 0, 6), await Store.StockOfAsync(pillow.VariantId));
        Assert.Equal((5, 0, 5), await Store.StockOfAsync(socks.VariantId));

        var mail = await session.NewPageAsync();
        await session.OpenMailAsync(mail, customer, $"Your order {number} is on its way");
        await Assertions.Expect(mail.Locator(".mail-text")).ToContainTextAsync("Tracking number: 9400111899223344556677");
    }

    [Fact]
    public async Task A_new_visitors_shared_pages_ask_nothing_of_the_store_until_they_have_a_cart_then_show_its_count()
    {
        var pillow = await Store.AddSellableProductAsync($"Quiet Pillow {Unique()}", 14.00m, 5);
        var page = await session.NewPageAsync();
        var asked = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/session/state", StringComparison.Ordinal))
                Interlocked.Increment(ref asked);
        };

        foreach (var path in new[] { "/", "/shop", "/products/" + pillow.Slug })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        Assert.Equal(0, Volatile.Read(ref asked));
        await Assertions.Expect(CartCount(page)).ToBeEmptyAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await session.WaitForPageAsync(page, "**/cart");
        await Assertions.Expect(CartCount(page)).ToHaveTextAsync("1");
        // A shared page from the cache asks for the count now that this browser has a cart.
        await page.GotoAsync("/");
        await Assertions.Expect(CartCount(page)).ToHaveTextAsync("1");
    }

    private async Task AddToCartFromProductPageAsync(IPage page, TestVariant product)
    {
        await session.VisitAsync(page, "/products/" + product.Slug);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = product.Name, Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await session.WaitForPageAsync(page, "**/cart");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Added 1 × {product.Name} (Standard) to your cart." })).ToBeVisibleAsync();
        await session.ScanAsync(page);
    }

    /// <summary>Fills the guest's email on the cart page and presses the button; returns the payment session's id.</summary>
    private async Task<string> ContinueToPaymentAsync(IPage page, string email)
    {
        await page.GetByLabel("Email address, for your receipt").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to secure payment" }).ClickAsync();
        await session.WaitForPageAsync(page, "**/stripe-emulator/pay/*");
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync(email);
        await session.ScanAsync(page);
        return StoreFactory.SessionIdFrom(new Uri(page.Url));
    }

    private static async Task FillPaymentPageAsync(IPage page, string card)
    {
        await page.GetByLabel("Full name").FillAsync("Jo Journey");
        await page.GetByLabel("Card number").FillAsync(card);
        await page.GetByLabel("Expiry date (MM / YY)").FillAsync($"12 / {(DateTime.UtcNow.Year + 1) % 100:00}");
        await page.GetByLabel("Security code (CVC)").FillAsync("123");
        await page.GetByLabel("Address line 1").FillAsync("12 Willow Lane");
        await page.GetByLabel("Town or city").FillAsync("Portland");
        await page.GetByLabel("Postal code").FillAsync("97201");
    }

    /// <summary>A guest's paid order, set up over HTTP and the emulator's own "Pay": this test is about the staff pages.</summary>
    private async Task PlacePaidOrderAsync(string email, params TestVariant[] products)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new BrowserClient(new HttpClient(handler, disposeHandler: false) { BaseAddress = Store.RootUri });
        foreach (var product in products)
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await StoreFactory.AddToCartAsync(client, product.VariantId)).StatusCode);
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email);
        var paid = await Store.Stripe.PayAsync(sessionId, email: email);
        Assert.Equal(FibroStore.StripeEmulator.PaymentResult.Paid, paid.Result);
        await Store.WaitUntilAsync(async () => await Store.CountOrdersForSessionAsync(sessionId) == 1, "the order from the webhook");
    }

    /// <summary>The stock reservations holding <paramref name="variantId"/>, with the checkout each belongs to (its id is the reservation's).</summary>
    private async Task<List<(string CheckoutStatus, string SessionId, int Quantity)>> HoldsOnAsync(Guid variantId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT c.status, c.session_id, l.quantity
            FROM catalog.stock_reservation_lines l
            JOIN catalog.stock_reservations r ON r.id = l.reservation_id
            JOIN ordering.checkouts c ON c.id = r.id
            WHERE l.variant_id = @variant AND r.status = 'Held'
            """, connection);
        command.Parameters.AddWithValue("variant", variantId);
        var holds = new List<(string, string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            holds.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        return holds;
    }

    private static ILocator CartCount(IPage page) => page.Locator("header [data-cart-count]");

    /// <summary>The value beside a term in the staff order page's facts list.</summary>
    private static ILocator Fact(IPage page, string term) =>
        page.Locator($"dl.order-facts dt:text-is('{term}') + dd");

    private static string Unique() => Guid.NewGuid().ToString("N")[..6];

    [GeneratedRegex(@"FS-\d+")]
    private static partial Regex OrderNumber();

    [GeneratedRegex(@"^Pay \$\d+\.\d\d$")]
    private static partial Regex PayButton();
}
