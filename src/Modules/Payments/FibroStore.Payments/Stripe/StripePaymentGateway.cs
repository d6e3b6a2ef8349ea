using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Web;
using Stripe.Checkout;

namespace FibroStore.Payments.Stripe;

/// <summary>Stripe Checkout through Stripe.net. Every write carries an idempotency key derived from the store's own ids.</summary>
internal sealed class StripePaymentGateway(IStripeClient client, StoreAddress address) : IPaymentGateway
{
    public const string CheckoutIdKey = "checkout_id";

    public async Task<CheckoutSessionCreated> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken ct)
    {
        var currency = request.Currency.ToLowerInvariant();
        var checkoutId = request.CheckoutId.ToString();
        try
        {
            List<SessionDiscountOptions>? discounts = null;
            if (request.DiscountAmount > 0)
            {
                // A one-time coupon for exactly the amount the store worked out, so Stripe's total equals the store's.
                var coupon = await new CouponService(client).CreateAsync(new CouponCreateOptions
                {
                    AmountOff = Money.ToMinorUnits(request.DiscountAmount, request.Currency),
                    Currency = currency,
                    Duration = "once",
                    MaxRedemptions = 1,
                    Name = request.DiscountName,
                    Metadata = new Dictionary<string, string> { [CheckoutIdKey] = checkoutId },
                }, new RequestOptions { IdempotencyKey = $"coupon-{checkoutId}" }, ct);
                discounts = [new SessionDiscountOptions { Coupon = coupon.Id }];
            }

            var session = await new SessionService(client).CreateAsync(new SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = checkoutId,
                Metadata = new Dictionary<string, string> { [CheckoutIdKey] = checkoutId },
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string> { [CheckoutIdKey] = checkoutId } },
                CustomerEmail = request.CustomerEmail,
                LineItems = request.Items.Select(item => new SessionLineItemOptions
                {
                    Quantity = item.Quantity,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = currency,
                        UnitAmount = Money.ToMinorUnits(item.UnitAmount, request.Currency),
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = item.Name,
                            Description = string.IsNullOrWhiteSpace(item.Description) ? null : item.Description,
                            Images = item.ImageUrl is null ? null : [address.Absolute(item.ImageUrl)],
                        },
                    },
                }).ToList(),
                // The full billing address, not only what the card network needs: the order keeps it.
                BillingAddressCollection = "required",
                ShippingAddressCollection = new SessionShippingAddressCollectionOptions { AllowedCountries = request.ShippingCountries.ToList() },
                ShippingOptions =
                [
                    new SessionShippingOptionOptions
                    {
                        ShippingRateData = new SessionShippingOptionShippingRateDataOptions
                        {
                            DisplayName = request.Shipping.Name,
                            Type = "fixed_amount",
                            FixedAmount = new SessionShippingOptionShippingRateDataFixedAmountOptions
                            {
                                Amount = Money.ToMinorUnits(request.Shipping.Amount, request.Currency),
                                Currency = currency,
                            },
                        },
                    },
                ],
                Discounts = discounts,
                ExpiresAt = request.ExpiresAt.UtcDateTime,
                SuccessUrl = request.SuccessUrl,
                CancelUrl = request.CancelUrl,
            }, new RequestOptions { IdempotencyKey = $"checkout-{checkoutId}" }, ct);
            return new CheckoutSessionCreated(session.Id, session.Url);
        }
        catch (StripeException ex)
        {
            throw new PaymentFailedException(ex.StripeError?.Message ?? ex.Message, ex);
        }
    }

    public async Task<CheckoutSessionState> GetCheckoutSessionAsync(string sessionId, CancellationToken ct)
    {
        try
        {
            return Map(await new SessionService(client).GetAsync(sessionId, cancellationToken: ct));
        }
        catch (StripeException ex)
        {
            throw new PaymentFailedException(ex.StripeError?.Message ?? ex.Message, ex);
        }
    }

    public async Task<bool> ExpireCheckoutSessionAsync(string sessionId, CancellationToken ct)
    {
        var sessions = new SessionService(client);
        try
        {
            await sessions.ExpireAsync(sessionId, cancellationToken: ct);
            return true;
        }
        catch (StripeException ex) when (ex.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // A session Stripe does not know (made with other keys, or by the dev emulator before it restarted) can never be paid.
            return true;
        }
        catch (StripeException ex) when (ex.HttpStatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            // Stripe refuses to expire a session that is not open: it was paid or has expired already.
            var session = await sessions.GetAsync(sessionId, cancellationToken: ct);
            if (session.Status == CheckoutSessionStatus.Open) throw;
            return false;
        }
    }

    public async Task<RefundOutcome> RefundAsync(string paymentIntentId, decimal amount, string currency, string idempotencyKey, CancellationToken ct)
    {
        try
        {
            var refund = await new RefundService(client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = paymentIntentId,
                Amount = Money.ToMinorUnits(amount, currency),
            }, new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
            return new RefundOutcome(refund.Id, refund.Status, Money.FromMinorUnits(refund.Amount, currency));
        }
        catch (StripeException ex)
        {
            throw new PaymentFailedException(ex.StripeError?.Message ?? ex.Message, ex);
        }
    }

    public static CheckoutSessionState Map(Session session)
    {
        var reference = session.ClientReferenceId ?? (session.Metadata?.TryGetValue(CheckoutIdKey, out var value) == true ? value : null);
        var currency = (session.Currency ?? "").ToUpperInvariant();
        var shipping = session.CollectedInformation?.ShippingDetails;
        return new CheckoutSessionState(
            session.Id,
            Guid.TryParse(reference, out var checkoutId) ? checkoutId : Guid.Empty,
            session.Status,
            session.PaymentStatus,
            session.PaymentIntentId,
            Money.FromMinorUnits(session.AmountTotal ?? 0, currency),
            currency,
            session.CustomerDetails?.Email ?? session.CustomerEmail,
            session.CustomerDetails?.Name,
            shipping?.Name,
            Postal(shipping?.Address),
            // Stripe keeps the billing address in the customer details.
            Postal(session.CustomerDetails?.Address));
    }

    private static PostalAddress? Postal(Address? address) =>
        address is null ? null : new PostalAddress(address.Line1, address.Line2, address.City, address.State, address.PostalCode, address.Country);
}
