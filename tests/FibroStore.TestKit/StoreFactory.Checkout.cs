using System.Net;
using System.Text.RegularExpressions;
using FibroStore.Catalog.Data;
using FibroStore.Catalog.Domain;
using FibroStore.Catalog.Shop;
using FibroStore.Ordering.Data;
using Microsoft.EntityFrameworkCore;
using Emulator = FibroStore.StripeEmulator.StripeEmulator;

namespace FibroStore.TestKit;

/// <summary>A product variant the tests can buy.</summary>
public sealed record TestVariant(Guid VariantId, Guid ProductId, string Slug, string Name, decimal Price);

/// <summary>Shopping the way a person does: product pages' forms, the cart page, the emulator's payment page.</summary>
public partial class StoreFactory
{
    /// <summary>The local Stripe emulator running inside this store.</summary>
    public Emulator Stripe => Services.GetRequiredService<Emulator>();

    /// <summary>Puts a handler between the store and Stripe (the emulator), for a test that makes Stripe slow or silent.</summary>
    public StoreFactory WithStripeHandler(Func<DelegatingHandler> handler) =>
        WithServices(services => services.AddHttpClient(FibroStore.Payments.Stripe.StripeSettings.HttpClientName).AddHttpMessageHandler(handler));

    /// <summary>An active product with one variant and <paramref name="stock"/> on hand (tracked; back-ordered only when asked).</summary>
    public async Task<TestVariant> AddSellableProductAsync(string name, decimal price, int stock, bool allowBackorder = false) =>
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            var now = DateTimeOffset.UtcNow;
            var unique = Guid.NewGuid().ToString("N")[..8];
            var product = new Product { Name = name, Slug = Product.Slugify(name) + "-" + unique, Summary = name, Description = name, Status = ProductStatus.Active, CreatedAt = now };
            var variant = new Variant { Name = Variant.DefaultName, Sku = $"C-{unique}".ToUpperInvariant(), Position = 1, OnHand = stock, TrackStock = true, AllowBackorder = allowBackorder, LowStockThreshold = 1 };
            variant.SetPrices(price, null);
            product.Variants.Add(variant);
            db.StockMovements.Add(new StockMovement { VariantId = variant.Id, Kind = StockMovementKind.Received, OnHandDelta = stock, Reason = "test", Actor = "test", At = now });
            product.Refresh(now);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            // As every writer in the store does: what shoppers are shown of the catalog is read afresh.
            await sp.GetRequiredService<CatalogCache>().EvictProductAsync(product.Slug, default);
            return new TestVariant(variant.Id, product.Id, product.Slug, name, price);
        });

    /// <summary>On hand, held and available for a variant, straight from Catalog's table.</summary>
    public async Task<(int OnHand, int Reserved, int Available)> StockOfAsync(Guid variantId) =>
        await InScopeAsync(async sp =>
        {
            var v = await sp.GetRequiredService<CatalogDbContext>().Variants.AsNoTracking().SingleAsync(v => v.Id == variantId);
            return (v.OnHand, v.Reserved, v.OnHand - v.Reserved);
        });

    /// <summary>The product page's "Add to cart" form.</summary>
    public static async Task<HttpResponseMessage> AddToCartAsync(BrowserClient client, Guid variantId, int quantity = 1) =>
        await client.PostRawAsync("/cart/add", new Dictionary<string, string>
        {
            ["variantId"] = variantId.ToString(), ["quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = "/shop",
        }, token: null);

    /// <summary>
    /// Presses "Continue to secure payment" on the cart page and returns the Stripe Checkout Session id the store
    /// redirected to. Throws with the page's text when the store refused.
    /// </summary>
    public static async Task<string> StartCheckoutAsync(BrowserClient client, string? email = "guest@example.org", IDictionary<string, string>? extra = null)
    {
        var response = await PostCheckoutAsync(client, email, extra);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Checkout answered {(int)response.StatusCode}: {BrowserClient.Shorten(await response.Content.ReadAsStringAsync())}");
        return SessionIdFrom(response.Headers.Location!);
    }

    public static async Task<HttpResponseMessage> PostCheckoutAsync(BrowserClient client, string? email = "guest@example.org", IDictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string>();
        if (email is not null) fields["Input.Email"] = email;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            fields[key] = value;
        return await client.PostFormAsync("/cart", fields, "/cart?handler=Checkout");
    }

    /// <summary>
    /// Presses "Continue to secure payment" on a cart page opened earlier (its form <paramref name="token"/>), and again
    /// after a 503: in a full CI run two cores serve every test project at once, and a press that waited longer than the
    /// pool allows is answered 503 with Retry-After, as it should be. For races, where all press at once.
    /// </summary>
    public static async Task<HttpResponseMessage> PressCheckoutAsync(BrowserClient client, string token, string email, IDictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["Input.Email"] = email };
        for (var press = 1; ; press++)
        {
            var response = await client.PostRawAsync("/cart?handler=Checkout", fields, token);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || press == 10) return response;
            if (response.Headers.RetryAfter is null)
                throw new InvalidOperationException("A 503 without Retry-After");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    public static string SessionIdFrom(Uri paymentPage) =>
        Regex.Match(paymentPage.AbsolutePath, "/stripe-emulator/pay/(cs_[A-Za-z0-9_]+)") is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"Not a payment page: {paymentPage}");

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, publishing every module's due outbox messages as it goes:
    /// webhooks arrive from the emulator in the background and are then handled from Payments' outbox.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            await PublishDueOutboxAsync();
            if (await condition())
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still waiting after {seconds} s for: {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>How many orders came from this payment session (through its checkout).</summary>
    public async Task<int> CountOrdersForSessionAsync(string sessionId) =>
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.CountAsync(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId));
        });

    /// <summary>A guest buys <paramref name="quantity"/> of a variant and pays with the card that succeeds; returns the order number.</summary>
    public async Task<(string Number, string SessionId)> PlacePaidOrderAsync(TestVariant variant, int quantity = 1, string email = "guest@example.org")
    {
        using var client = CreateBrowserClient();
        await AddToCartAsync(client, variant.VariantId, quantity);
        var sessionId = await StartCheckoutAsync(client, email);
        var outcome = await Stripe.PayAsync(sessionId, email: email);
        if (outcome.Result != FibroStore.StripeEmulator.PaymentResult.Paid)
            throw new InvalidOperationException($"The emulator did not take the payment: {outcome.Result}");
        await WaitUntilAsync(async () => await CountOrdersForSessionAsync(sessionId) == 1, $"the order for {sessionId}");
        var number = await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.Where(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId)).Select(o => o.Number).SingleAsync();
        });
        return ($"FS-{number}", sessionId);
    }
}
