using System.Security.Cryptography;
using System.Text;
using FibroStore.Payments.Contracts;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FibroStore.Ordering.Checkout;

internal sealed record CheckoutChoices(string? Email, Guid? ShippingOptionId, string? DiscountCode, bool JoinNewsletter);

/// <summary>Who is asking, for the per-client limits: the client's IP address (or "unknown").</summary>
internal sealed record CheckoutClient(string Address)
{
    /// <summary>What a checkout keeps of its client: a hash, enough to count one client's open checkouts.</summary>
    public string Key => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("checkout-client:" + Address)));
}

internal sealed record CheckoutStarted(string PaymentUrl);

/// <summary>The basket priced by the server: the only numbers the payment page will show.</summary>
internal sealed record PricedBasket(IReadOnlyList<LineSnapshot> Lines, Totals Totals, ShippingOption Shipping, DiscountCode? Discount, TaxSettings Settings,
    IReadOnlyList<ShippingOption> ShippingOptions);

/// <summary>
/// Starts a payment: prices the cart on the server, holds its stock (the checkout id is the reservation id), and
/// opens a Stripe Checkout Session that expires with the hold. Any earlier open payment page of the same cart is
/// closed first, so one cart never holds its stock twice.
/// </summary>
internal sealed partial class StartCheckout(
    OrderingDbContext db,
    ICatalogStock catalog,
    IPaymentGateway payments,
    TaxSettingsStore taxSettings,
    ActiveShippingOptions activeShipping,
    IRequestThrottle throttle,
    StoreAddress address,
    IOptions<OrderingOptions> options,
    TimeProvider clock,
    ILogger<StartCheckout> logger)
{
    /// <summary>How long stock stays held after its payment page closes, so a payment made in the last second still finds it.</summary>
    public static readonly TimeSpan HoldGrace = TimeSpan.FromMinutes(10);

    /// <summary>The checkout form's field a refusal about the discount code is shown beside.</summary>
    public const string DiscountCodeField = nameof(CheckoutChoices.DiscountCode);

    public static readonly Refusal EmptyCart = Refusal.Invalid("Your cart is empty. Add something from the shop first.");

    /// <summary>
    /// Prices the cart with the chosen shipping and code. A code that cannot be used is refused (field
    /// <c>DiscountCode</c>); the cart page then prices the cart again without it, to show both.
    /// </summary>
    public async Task<Outcome<PricedBasket>> PriceAsync(CartView cart, Guid? cartId, Guid? shippingOptionId, string? discountCode, CancellationToken ct)
    {
        if (cart.IsEmpty)
            return EmptyCart;
        if (!cart.CanCheckout)
            return Refusal.Conflict("Some items in your cart cannot be bought as they are. Please see the notes beside them.");

        // Shipping is checked before the code: when both are wrong, the shopper hears about shipping first.
        var shippingOptions = await activeShipping.GetAsync(ct);
        var shipping = shippingOptionId is { } chosen ? shippingOptions.FirstOrDefault(s => s.Id == chosen) : shippingOptions.FirstOrDefault();
        if (shipping is null)
            return Refusal.Invalid("Please choose how you would like your order sent.", nameof(CheckoutChoices.ShippingOptionId));

        var lines = cart.Snapshot();
        var subtotal = lines.Sum(l => l.LineTotal);
        var now = clock.GetUtcNow();

        DiscountCode? discount = null;
        if (!string.IsNullOrWhiteSpace(discountCode))
        {
            var code = Domain.DiscountCode.Normalize(discountCode);
            var found = await db.DiscountCodes.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, ct);
            if (found is null)
                return Refusal.Invalid(Domain.DiscountCode.CannotBeUsed, DiscountCodeField);
            if (found.Refusal(subtotal, cart.Currency, now, await UsesHeldByCartAsync(found, cartId, ct)) is { } why)
                return Refusal.Invalid(why, DiscountCodeField);
            discount = found;
        }
        var discountAmount = discount?.AmountOff(subtotal) ?? 0;

        var settings = await taxSettings.CurrentAsync(ct);
        var totals = Pricing.Total(lines, discountAmount, shipping.PriceFor(subtotal - discountAmount), settings.IncludedPercent);
        return new PricedBasket(lines, totals, shipping, discount, settings, shippingOptions);
    }

    /// <summary>
    /// Uses of the code held by this cart's own open payment page: a shopper who comes back from it may use the code
    /// again, since starting checkout again closes that page and gives its use back.
    /// </summary>
    private async Task<int> UsesHeldByCartAsync(DiscountCode code, Guid? cartId, CancellationToken ct) =>
        code.UsageLimit is null || cartId is null
            ? 0
            : await db.Checkouts.CountAsync(c => c.CartId == cartId && c.Status == CheckoutStatus.Open && c.DiscountHeld && c.DiscountCodeId == code.Id, ct);

    /// <summary>Counts a code check from the cart page against the client's limit, refused when the client is guessing codes one after another.</summary>
    public async Task<Outcome> CountCodeCheckAsync(CheckoutClient client, CancellationToken ct) =>
        await throttle.TryAcquireAsync($"discount-code:{client.Address}", options.Value.CodeChecksPerClientLimit,
            TimeSpan.FromMinutes(options.Value.ClientWindowMinutes), ct)
            ? Outcome.Done
            : Refusal.TooMany("You have tried several discount codes in a short time. Please wait a few minutes, then try again.", DiscountCodeField);

    public async Task<Outcome<CheckoutStarted>> StartAsync(Cart cart, CartView view, string? customerId, CheckoutClient client,
        CheckoutChoices choices, CancellationToken ct)
    {
        var limits = options.Value;
        // Every start holds stock and opens a payment session, so one client may start only so many.
        if (!await throttle.TryAcquireAsync($"checkout-start:{client.Address}", limits.StartsPerClientLimit, TimeSpan.FromMinutes(limits.ClientWindowMinutes), ct))
            return Refusal.TooMany($"You have started checkout several times in the last few minutes. Nothing was charged. Please wait {limits.ClientWindowMinutes} minutes, then try again.");

        var priced = await PriceAsync(view, cart.Id, choices.ShippingOptionId, choices.DiscountCode, ct);
        if (!priced.IsDone)
            return priced.Refusal;
        var basket = priced.Value;
        var units = basket.Lines.Sum(l => l.Quantity);
        if (units > limits.MaxHeldUnitsPerClient)
            return Refusal.Conflict($"We can hold at most {limits.MaxHeldUnitsPerClient} items for one payment. Please lower the quantities in your cart, or write to us about a larger order.");

        // A cart that never started checkout has no payment page to close: its first start skips the lookup.
        if (cart.CheckoutStartedAt is not null)
            await CloseOpenCheckoutsAsync(cart.Id, ct);

        var now = clock.GetUtcNow();
        // Saved with the new checkout, in the same batch.
        cart.CheckoutStartedAt = now;
        var expiresAt = now.AddMinutes(limits.SessionMinutes);
        var settings = basket.Settings;
        var clientKey = client.Key;
        var checkout = new CheckoutAttempt
        {
            Id = Guid.CreateVersion7(), CartId = cart.Id, CustomerId = customerId, Email = choices.Email, Currency = view.Currency,
            Lines = basket.Lines.ToList(), Subtotal = basket.Totals.Subtotal, Discount = basket.Totals.Discount,
            DiscountCodeId = basket.Discount?.Id, DiscountCode = basket.Discount?.Code, ShippingName = basket.Shipping.Name,
            Shipping = basket.Totals.Shipping, Tax = basket.Totals.Tax,
            TaxRatePercent = settings.IncludedPercent,
            TaxName = settings.TaxMode == TaxMode.IncludedInPrices ? settings.TaxName : null,
            Total = basket.Totals.Total, JoinNewsletter = choices.JoinNewsletter, Status = CheckoutStatus.Open, CreatedAt = now, ExpiresAt = expiresAt,
            Units = units, ClientKey = clientKey, DiscountHeld = basket.Discount is not null,
        };
        // Saved before Stripe hears of it: a payment notice can then always find its checkout.
        if (await SaveWithinLimitsAsync(checkout, clientKey, basket.Discount, now, ct) is { IsDone: false } overLimit)
            return overLimit.Refusal;

        // The hold outlives the payment page a little, so a payment made in its last second still finds its stock;
        // the page's expiry notice releases it at once in the usual case.
        var held = await catalog.ReserveAsync(checkout.Id, basket.Lines.Select(l => new StockLine(l.VariantId, l.Quantity)).ToList(),
            expiresAt.Add(HoldGrace), ct);
        if (!held.Succeeded)
        {
            checkout.Status = CheckoutStatus.Cancelled;
            await db.SaveChangesAsync(ct);
            await db.ReleaseDiscountAsync(checkout.Id, ct);
            var names = held.Shortfalls.Select(s => basket.Lines.FirstOrDefault(l => l.VariantId == s.VariantId)?.ProductName ?? "an item").Distinct();
            return Refusal.Conflict($"Someone bought the last of {string.Join(", ", names)} a moment ago. Your cart now shows what is left.");
        }

        try
        {
            // Worked out again just before the call: Stripe counts its minimum of 30 minutes from the session's creation
            // and reads whole seconds, and holding the stock may have taken a while on a busy store.
            checkout.ExpiresAt = clock.GetUtcNow().AddMinutes(limits.SessionMinutes).AddSeconds(15);
            var session = await payments.CreateCheckoutSessionAsync(new CheckoutSessionRequest(
                checkout.Id, view.Currency,
                basket.Lines.Select(l => new CheckoutItem(l.ProductName, ProductDisplayName.OptionOf(l.ProductName, l.VariantName), l.UnitPrice, l.Quantity, l.ImageUrl)).ToList(),
                new CheckoutShipping(basket.Shipping.Name, basket.Totals.Shipping),
                basket.Totals.Discount, basket.Discount is null ? null : $"Code {basket.Discount.Code}",
                choices.Email, limits.ShippingCountries, checkout.ExpiresAt,
                address.Absolute("/checkout/complete?session_id={CHECKOUT_SESSION_ID}"),
                address.Absolute($"/checkout/cancelled?checkout={checkout.Id:N}")), ct);
            checkout.SessionId = session.SessionId;
            await db.SaveChangesAsync(ct);
            return new CheckoutStarted(session.Url);
        }
        catch (Exception ex) when (ex is PaymentFailedException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not open a payment page for checkout {CheckoutId}.", checkout.Id);
            await catalog.ReleaseAsync(checkout.Id, CancellationToken.None);
            checkout.Status = CheckoutStatus.Cancelled;
            await db.SaveChangesAsync(CancellationToken.None);
            await db.ReleaseDiscountAsync(checkout.Id, CancellationToken.None);
            return Refusal.Unavailable("The payment service could not open a payment page just now. Nothing was charged. Please try again in a minute.");
        }
    }

    /// <summary>
    /// Saves the new checkout if its client stays within the units it may hold and a use of its code is left. The
    /// client's starts queue up on an advisory lock, so two at once cannot both fit under the cap. The commit does not
    /// wait for the disk, so the lock is held for moments rather than a disk flush: nothing outside has heard of the
    /// checkout until its stock is held, and that commit waits for the disk, which makes this one durable too.
    /// </summary>
    private async Task<Outcome> SaveWithinLimitsAsync(CheckoutAttempt checkout, string clientKey, DiscountCode? discount, DateTimeOffset now, CancellationToken ct)
    {
        var cap = options.Value.MaxHeldUnitsPerClient;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A checkout holds its stock until a little after its page closes, whether or not the expiry notice came yet.
        var held = await LockClientAndCountHeldAsync(tx, clientKey, now - HoldGrace, ct);
        if (held + checkout.Units > cap)
            return Refusal.Conflict($"Another payment started from here is still holding items ({held} of the {cap} we can hold at once). Please finish or leave that payment first, or try again in about {options.Value.SessionMinutes} minutes.");
        if (discount is not null && !await db.TryReserveAsync(discount.Id, now, ct))
            return Refusal.Conflict("That discount code has just been used up. Please remove it to pay without it.", DiscountCodeField);
        db.Checkouts.Add(checkout);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Done;
    }

    /// <summary>
    /// Takes the client's advisory lock, then sums the units its open checkouts hold, in one round trip: the two
    /// statements go as one batch, and the sum (a statement of its own, so with a snapshot taken after the lock came)
    /// sees every start of this client that committed while this one waited.
    /// </summary>
    private async Task<long> LockClientAndCountHeldAsync(IDbContextTransaction tx, string clientKey, DateTimeOffset heldSince, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx.GetDbTransaction())
        {
            BatchCommands =
            {
                new("SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(hashtext($1))") { Parameters = { new() { Value = clientKey } } },
                new(HeldByClientSql) { Parameters = { new() { Value = clientKey }, new() { Value = heldSince } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0);
    }

    /// <summary>Closes this cart's earlier payment pages and gives their stock back. One that was paid meanwhile is left to its notice.</summary>
    public async Task CloseOpenCheckoutsAsync(Guid cartId, CancellationToken ct) =>
        await CloseAsync(await OpenOfCart(db, cartId).ToListAsync(ct), ct);

    // The next two find a client's or a cart's checkouts through that client's or cart's index, and only then keep the
    // open ones. Asked for "open" in the same step, the planner may read every open checkout instead (through the
    // index of open checkouts by expiry): statistics taken while few were open make that index look nearly empty, and
    // a burst of checkouts then cost each start a read of all of them (1,000 buffers each in the benchmark). The
    // materialized CTE keeps the status test out of the index choice.

    /// <summary>The units a client's open checkouts (of every cart) hold: $1 the client's key, $2 since when.</summary>
    internal const string HeldByClientSql = """
        WITH of_client AS MATERIALIZED (SELECT status, units, expires_at FROM ordering.checkouts WHERE client_key = $1)
        SELECT coalesce(sum(units), 0) FROM of_client WHERE status = 'Open' AND expires_at > $2
        """;

    /// <summary>A cart's open checkouts, looked up by cart.</summary>
    internal static IQueryable<CheckoutAttempt> OpenOfCart(OrderingDbContext db, Guid cartId) =>
        db.Checkouts.FromSql($"""
            WITH of_cart AS MATERIALIZED (SELECT * FROM ordering.checkouts WHERE cart_id = {cartId})
            SELECT * FROM of_cart
            """).Where(c => c.Status == CheckoutStatus.Open);

    /// <summary>Closes one open checkout, only if it is this cart's (the payment page's back link); otherwise nothing.</summary>
    public async Task CloseCheckoutAsync(Guid cartId, Guid checkoutId, CancellationToken ct) =>
        await CloseAsync(await db.Checkouts.Where(c => c.Id == checkoutId && c.CartId == cartId && c.Status == CheckoutStatus.Open).ToListAsync(ct), ct);

    private async Task CloseAsync(List<CheckoutAttempt> open, CancellationToken ct)
    {
        foreach (var checkout in open)
        {
            if (checkout.SessionId is not null && !await payments.ExpireCheckoutSessionAsync(checkout.SessionId, ct))
                continue;
            var closed = await db.Checkouts.Where(c => c.Id == checkout.Id && c.Status == CheckoutStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CheckoutStatus.Cancelled), ct);
            if (closed == 1)
            {
                await catalog.ReleaseAsync(checkout.Id, ct);
                await db.ReleaseDiscountAsync(checkout.Id, ct);
            }
        }
    }
}
