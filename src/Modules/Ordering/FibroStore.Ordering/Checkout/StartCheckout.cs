using FibroStore.BackOffice.Contracts;
using FibroStore.Catalog.Contracts;
using FibroStore.Ordering.Carts;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using FibroStore.Payments.Contracts;
using FibroStore.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.Ordering.Checkout;

internal sealed record CheckoutChoices(string? Email, Guid? ShippingOptionId, string? DiscountCode, bool JoinNewsletter);

/// <summary>What stands between the cart and the payment page: a message for the shopper and the status to answer with.</summary>
internal sealed record CheckoutRefusal(string Field, string Message, int StatusCode);

internal sealed record CheckoutStarted(string PaymentUrl);

/// <summary>The basket priced by the server: the only numbers the payment page will show.</summary>
internal sealed record PricedBasket(IReadOnlyList<LineSnapshot> Lines, Totals Totals, ShippingOption Shipping, DiscountCode? Discount, SiteSettings Settings,
    IReadOnlyList<ShippingOption> ShippingOptions);

/// <summary>
/// Starts a payment: prices the cart on the server, holds its stock (the checkout id is the reservation id), and
/// opens a Stripe Checkout Session that expires with the hold. Any earlier open payment page of the same cart is
/// closed first, so one cart never holds its stock twice.
/// </summary>
internal sealed class StartCheckout(
    OrderingDbContext db,
    ICatalogStock catalog,
    IPaymentGateway payments,
    ISiteSettings siteSettings,
    StoreAddress address,
    IOptions<OrderingOptions> options,
    TimeProvider clock,
    ILogger<StartCheckout> logger)
{
    /// <summary>
    /// Prices the cart. A code that cannot be used is answered with a refusal beside a basket priced without it, so
    /// the cart page can show both; checkout itself goes no further.
    /// </summary>
    public async Task<(PricedBasket? Basket, CheckoutRefusal? Refusal)> PriceAsync(CartView cart, Guid? shippingOptionId, string? discountCode, CancellationToken ct)
    {
        if (cart.IsEmpty)
            return (null, new CheckoutRefusal("", "Your cart is empty. Add something from the shop first.", 400));
        if (!cart.CanCheckout)
            return (null, new CheckoutRefusal("", "Some items in your cart cannot be bought as they are. Please see the notes beside them.", 409));

        var lines = cart.Snapshot();
        var subtotal = lines.Sum(l => l.LineTotal);
        var now = clock.GetUtcNow();

        DiscountCode? discount = null;
        CheckoutRefusal? codeRefusal = null;
        if (!string.IsNullOrWhiteSpace(discountCode))
        {
            var code = Domain.DiscountCode.Normalize(discountCode);
            var found = await db.DiscountCodes.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, ct);
            if (found is null)
                codeRefusal = new CheckoutRefusal("DiscountCode", "We do not know that discount code. Please check it, or leave the box empty.", 400);
            else if (found.Refusal(subtotal, now) is { } why)
                codeRefusal = new CheckoutRefusal("DiscountCode", why, 400);
            else
                discount = found;
        }
        var discountAmount = discount?.AmountOff(subtotal) ?? 0;

        var shippingOptions = await db.ShippingOptions.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Position).ToListAsync(ct);
        var shipping = shippingOptionId is { } chosen ? shippingOptions.Find(s => s.Id == chosen) : shippingOptions.FirstOrDefault();
        if (shipping is null)
            return (null, new CheckoutRefusal("ShippingOptionId", "Please choose how you would like your order sent.", 400));

        var settings = await siteSettings.GetAsync(ct);
        var taxPercent = settings.TaxMode == TaxMode.IncludedInPrices ? settings.TaxRatePercent : 0;
        var totals = Pricing.Total(lines, discountAmount, shipping.PriceFor(subtotal - discountAmount), taxPercent);
        return (new PricedBasket(lines, totals, shipping, discount, settings, shippingOptions), codeRefusal);
    }

    public async Task<(CheckoutStarted? Started, CheckoutRefusal? Refusal)> StartAsync(Cart cart, CartView view, string? customerId, CheckoutChoices choices, CancellationToken ct)
    {
        var (basket, refusal) = await PriceAsync(view, choices.ShippingOptionId, choices.DiscountCode, ct);
        if (basket is null || refusal is not null)
            return (null, refusal);

        await CloseOpenCheckoutsAsync(cart.Id, ct);

        var now = clock.GetUtcNow();
        var expiresAt = now.AddMinutes(options.Value.SessionMinutes);
        var settings = basket.Settings;
        var checkout = new CheckoutAttempt
        {
            Id = Guid.CreateVersion7(), CartId = cart.Id, CustomerId = customerId, Email = choices.Email, Currency = view.Currency,
            Lines = basket.Lines.ToList(), Subtotal = basket.Totals.Subtotal, Discount = basket.Totals.Discount,
            DiscountCodeId = basket.Discount?.Id, DiscountCode = basket.Discount?.Code, ShippingName = basket.Shipping.Name,
            Shipping = basket.Totals.Shipping, Tax = basket.Totals.Tax,
            TaxRatePercent = settings.TaxMode == TaxMode.IncludedInPrices ? settings.TaxRatePercent : 0,
            TaxName = settings.TaxMode == TaxMode.IncludedInPrices ? settings.TaxName : null,
            Total = basket.Totals.Total, JoinNewsletter = choices.JoinNewsletter, Status = CheckoutStatus.Open, CreatedAt = now, ExpiresAt = expiresAt,
        };
        // Saved before Stripe hears of it: a payment notice can then always find its checkout.
        db.Checkouts.Add(checkout);
        await db.SaveChangesAsync(ct);

        // The hold outlives the payment page a little, so a payment made in its last second still finds its stock;
        // the page's expiry notice releases it at once in the usual case.
        var held = await catalog.ReserveAsync(checkout.Id, basket.Lines.Select(l => new StockLine(l.VariantId, l.Quantity)).ToList(),
            expiresAt.AddMinutes(10), ct);
        if (!held.Succeeded)
        {
            checkout.Status = CheckoutStatus.Cancelled;
            await db.SaveChangesAsync(ct);
            var names = held.Shortfalls.Select(s => basket.Lines.FirstOrDefault(l => l.VariantId == s.VariantId)?.ProductName ?? "an item").Distinct();
            return (null, new CheckoutRefusal("", $"Someone bought the last of {string.Join(", ", names)} a moment ago. Your cart now shows what is left.", 409));
        }

        try
        {
            // Worked out again just before the call: Stripe counts its minimum of 30 minutes from the session's creation
            // and reads whole seconds, and holding the stock may have taken a while on a busy store.
            checkout.ExpiresAt = clock.GetUtcNow().AddMinutes(options.Value.SessionMinutes).AddSeconds(15);
            var session = await payments.CreateCheckoutSessionAsync(new CheckoutSessionRequest(
                checkout.Id, view.Currency,
                basket.Lines.Select(l => new CheckoutItem(l.ProductName, l.VariantName == l.ProductName ? null : l.VariantName, l.UnitPrice, l.Quantity, l.ImageUrl)).ToList(),
                new CheckoutShipping(basket.Shipping.Name, basket.Totals.Shipping),
                basket.Totals.Discount, basket.Discount is null ? null : $"Code {basket.Discount.Code}",
                choices.Email, options.Value.ShippingCountries, checkout.ExpiresAt,
                address.Absolute("/checkout/complete?session_id={CHECKOUT_SESSION_ID}"),
                address.Absolute($"/checkout/cancelled?checkout={checkout.Id:N}")), ct);
            checkout.SessionId = session.SessionId;
            await db.SaveChangesAsync(ct);
            return (new CheckoutStarted(session.Url), null);
        }
        catch (Exception ex) when (ex is PaymentFailedException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not open a payment page for checkout {CheckoutId}.", checkout.Id);
            await catalog.ReleaseAsync(checkout.Id, CancellationToken.None);
            checkout.Status = CheckoutStatus.Cancelled;
            await db.SaveChangesAsync(CancellationToken.None);
            return (null, new CheckoutRefusal("", "The payment service could not open a payment page just now. Nothing was charged. Please try again in a minute.", 503));
        }
    }

    /// <summary>Closes this cart's earlier payment pages and gives their stock back. One that was paid meanwhile is left to its notice.</summary>
    public async Task CloseOpenCheckoutsAsync(Guid cartId, CancellationToken ct)
    {
        var open = await db.Checkouts.Where(c => c.CartId == cartId && c.Status == CheckoutStatus.Open).ToListAsync(ct);
        foreach (var checkout in open)
        {
            if (checkout.SessionId is not null && !await payments.ExpireCheckoutSessionAsync(checkout.SessionId, ct))
                continue;
            var closed = await db.Checkouts.Where(c => c.Id == checkout.Id && c.Status == CheckoutStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CheckoutStatus.Cancelled), ct);
            if (closed == 1)
                await catalog.ReleaseAsync(checkout.Id, ct);
        }
    }
}
