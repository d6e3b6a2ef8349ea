using FibroStore.StripeEmulator.Api;
using Stripe;
using Stripe.Checkout;

namespace FibroStore.StripeEmulator.Account;

/// <summary>What the hosted payment page shows, read under the lock.</summary>
internal sealed record CheckoutView(
    string SessionId, string Status, string PaymentStatus, string Currency, string? CustomerEmail, string? CancelUrl,
    IReadOnlyList<(string Name, long Quantity, long Amount)> Lines, long Subtotal, long Discount, string? CouponName,
    IReadOnlyList<(string Id, string Name, long Amount)> ShippingOptions, string? ShippingRateId, long Shipping, long Total,
    IReadOnlyList<string> AllowedCountries, bool RequiresBillingAddress);

internal sealed partial class EmulatedAccount
{
    public CheckoutView? View(string sessionId)
    {
        lock (gate)
        {
            if (sessions.GetValueOrDefault(sessionId) is not { } state)
                return null;
            var s = state.Session;
            return new CheckoutView(
                s.Id, s.Status, s.PaymentStatus, s.Currency, s.CustomerEmail, s.CancelUrl,
                state.LineItems.Select(li => (li.Description, li.Quantity ?? 1, li.AmountSubtotal)).ToList(),
                s.AmountSubtotal ?? 0, s.TotalDetails.AmountDiscount, state.Coupon?.Name ?? state.Coupon?.Id,
                state.ShippingRates.Select(r => (r.Id, r.DisplayName, r.FixedAmount.Amount)).ToList(),
                s.ShippingCost?.ShippingRateId, s.TotalDetails.AmountShipping ?? 0, s.AmountTotal ?? 0, state.AllowedCountries,
                state.RequiresBillingAddress);
        }
    }

    /// <summary>The hosted page's "Pay" button: validate, ask the card network, and complete or report the decline.</summary>
    public PaymentOutcome Pay(string sessionId, PaymentForm form)
    {
        lock (gate)
        {
            if (sessions.GetValueOrDefault(sessionId) is not { } state)
                return Outcome(PaymentResult.NoSuchSession);
            if (state.Session.Status != "open")
                return Outcome(PaymentResult.SessionNotOpen);
            ShippingRate? shipping = null;
            if (state.ShippingRates.Count > 0)
                shipping = state.ShippingRates.Find(r => r.Id == (form.ShippingRateId ?? state.ShippingRates[0].Id));
            // Stripe collects no payment method when there is nothing to pay (a 100 % discount with free shipping).
            var errors = form.Validate(state.AllowedCountries, state.RequiresBillingAddress, clock.GetUtcNow(), cardNeeded: TotalWith(state, shipping) > 0);
            if (state.ShippingRates.Count > 0 && shipping is null)
                errors["shipping_rate"] = "Choose a shipping method.";
            if (errors.Count > 0)
                return Outcome(PaymentResult.InvalidInput, errors: errors);

            Price(state, shipping);
            var session = state.Session;
            if (session.AmountTotal == 0)
            {
                Complete(state, form, "no_payment_required");
                Raise("checkout.session.completed", session, RequestOrigin.Buyer);
                return Outcome(PaymentResult.Paid, SuccessRedirect(session));
            }

            var intent = IntentFor(state, form);
            if (form.BankTransfer)
            {
                intent.PaymentMethodTypes = ["customer_balance"];
                intent.Status = "processing";
                Complete(state, form, "unpaid");
                Raise("payment_intent.processing", intent, RequestOrigin.Buyer);
                Raise("checkout.session.completed", session, RequestOrigin.Buyer);
                return Outcome(PaymentResult.AwaitingSettlement, SuccessRedirect(session));
            }

            var verdict = CardNetwork.Authorize(form.CardDigits);
            if (!verdict.Approved)
            {
                intent.LastPaymentError = new StripeError
                {
                    Type = "card_error",
                    Code = verdict.Code,
                    DeclineCode = verdict.DeclineCode,
                    Message = verdict.Message,
                    DocUrl = "https://stripe.com/docs/error-codes/" + verdict.Code!.Replace('_', '-'),
                    PaymentMethodType = "card",
                };
                intent.Status = "requires_payment_method";
                Raise("payment_intent.payment_failed", intent, RequestOrigin.Buyer);
                return Outcome(PaymentResult.Declined, declineCode: verdict.DeclineCode,
                    errors: new Dictionary<string, string> { ["card_number"] = verdict.Message! });
            }

            var charge = NewCharge(intent, form, verdict, BillingAddress(state, form));
            Succeed(intent, charge);
            Complete(state, form, "paid");
            Raise("payment_intent.succeeded", intent, RequestOrigin.Buyer);
            Raise("charge.succeeded", charge, RequestOrigin.Buyer);
            Raise("checkout.session.completed", session, RequestOrigin.Buyer);
            return Outcome(PaymentResult.Paid, SuccessRedirect(session));
        }
    }

    /// <summary>The bank transfer chosen on the page arrives (or never does).</summary>
    public void Settle(string sessionId, bool succeeded)
    {
        lock (gate)
        {
            var state = sessions.GetValueOrDefault(sessionId)
                        ?? throw new InvalidOperationException($"No such checkout session: {sessionId}");
            var session = state.Session;
            if (session is not { Status: "complete", PaymentStatus: "unpaid", PaymentIntentId: { } piId }
                || paymentIntents[piId] is not { Status: "processing" } intent)
                throw new InvalidOperationException($"Checkout session {sessionId} is not waiting for a bank transfer.");

            if (!succeeded)
            {
                intent.Status = "requires_payment_method";
                intent.LastPaymentError = new StripeError
                {
                    Type = "invalid_request_error",
                    Code = "payment_intent_payment_attempt_failed",
                    Message = "The bank transfer did not arrive.",
                    PaymentMethodType = "customer_balance",
                };
                Raise("payment_intent.payment_failed", intent, RequestOrigin.Buyer);
                Raise("checkout.session.async_payment_failed", session, RequestOrigin.Buyer);
                return;
            }
            var charge = NewCharge(intent, null, null, null);
            Succeed(intent, charge);
            session.PaymentStatus = "paid";
            Raise("payment_intent.succeeded", intent, RequestOrigin.Buyer);
            Raise("charge.succeeded", charge, RequestOrigin.Buyer);
            Raise("checkout.session.async_payment_succeeded", session, RequestOrigin.Buyer);
        }
    }

    public string CreateRefund(StripeParams p, RequestOrigin origin)
    {
        p.AllowOnly("payment_intent", "charge", "amount", "reason", "metadata", "expand");
        var reason = p.String("reason");
        if (reason is not (null or "duplicate" or "fraudulent" or "requested_by_customer"))
            throw StripeApiException.Invalid("reason", "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "parameter_invalid_string");
        var requested = p.Long("amount");
        if (requested is <= 0)
            throw StripeApiException.Invalid("amount", "Invalid positive integer", "parameter_invalid_integer");
        var metadata = Metadata(p, "metadata");

        lock (gate)
        {
            var charge = RefundableCharge(p);
            var left = charge.Amount - charge.AmountRefunded;
            if (left == 0)
                throw StripeApiException.Invalid("charge", $"Charge {charge.Id} has already been refunded.", "charge_already_refunded");
            var amount = requested ?? left;
            if (amount > left)
                throw StripeApiException.Invalid("amount",
                    $"Refund amount ({Money.Format(amount, charge.Currency)}) is greater than unrefunded amount on charge ({Money.Format(left, charge.Currency)})");

            var refund = new Refund
            {
                Id = StripeIds.New("re_"),
                Object = "refund",
                Amount = amount,
                BalanceTransactionId = StripeIds.New("txn_"),
                ChargeId = charge.Id,
                Created = Now,
                Currency = charge.Currency,
                DestinationDetails = charge.PaymentMethodDetails.Type == "card"
                    ? new RefundDestinationDetails
                    {
                        Type = "card",
                        Card = new RefundDestinationDetailsCard { ReferenceStatus = "pending", ReferenceType = "acquirer_reference_number", Type = "refund" },
                    }
                    : new RefundDestinationDetails { Type = charge.PaymentMethodDetails.Type },
                Metadata = metadata,
                PaymentIntentId = charge.PaymentIntentId,
                Reason = reason,
                Status = "succeeded",
            };
            refunds[refund.Id] = refund;
            charge.AmountRefunded += amount;
            charge.Refunded = charge.AmountRefunded == charge.Amount;
            charge.Refunds.Data.Insert(0, refund);
            Raise("charge.refunded", charge, origin);
            Raise("refund.created", refund, origin);
            return refund.ToJson();
        }
    }

    private Charge RefundableCharge(StripeParams p)
    {
        var chargeId = p.String("charge");
        var intentId = p.String("payment_intent");
        if (chargeId is null && intentId is null)
            throw StripeApiException.Invalid("charge", "One of `charge` or `payment_intent` is required.", "parameter_missing");
        if (intentId is not null)
        {
            var intent = paymentIntents.GetValueOrDefault(intentId) ?? throw StripeApiException.NoSuch("payment_intent", intentId, "payment_intent", 400);
            if (intent.Status != "succeeded" || intent.LatestChargeId is null)
                throw StripeApiException.Invalid("payment_intent", $"This PaymentIntent ({intentId}) does not have a successful charge to refund.");
            if (chargeId is not null && chargeId != intent.LatestChargeId)
                throw StripeApiException.Invalid("charge", $"Charge {chargeId} does not belong to PaymentIntent {intentId}.");
            chargeId = intent.LatestChargeId;
        }
        return charges.GetValueOrDefault(chargeId!) ?? throw StripeApiException.NoSuch("charge", chargeId!, "charge", 400);
    }

    private static PaymentOutcome Outcome(PaymentResult result, string? redirect = null, string? declineCode = null,
        Dictionary<string, string>? errors = null) =>
        new(result, redirect, declineCode, errors ?? []);

    private static string? SuccessRedirect(Session session) =>
        session.SuccessUrl?.Replace("{CHECKOUT_SESSION_ID}", session.Id, StringComparison.Ordinal);

    /// <summary>Checkout makes the PaymentIntent at the first attempt to pay and keeps it for the next attempts.</summary>
    private PaymentIntent IntentFor(SessionState state, PaymentForm form)
    {
        var session = state.Session;
        if (session.PaymentIntentId is { } existing)
        {
            var known = paymentIntents[existing];
            known.Amount = session.AmountTotal ?? 0;
            known.Shipping = Shipping(state, form);
            known.PaymentMethodId = StripeIds.New("pm_");
            return known;
        }
        var id = StripeIds.New("pi_");
        var intent = new PaymentIntent
        {
            Id = id,
            Object = "payment_intent",
            Amount = session.AmountTotal ?? 0,
            AmountCapturable = 0,
            AmountReceived = 0,
            CaptureMethod = "automatic_async",
            ClientSecret = $"{id}_secret_{StripeIds.New("", 25)}",
            ConfirmationMethod = "automatic",
            Created = Now,
            Currency = session.Currency,
            Description = state.PaymentIntentDescription,
            Livemode = false,
            Metadata = new Dictionary<string, string>(state.PaymentIntentMetadata),
            PaymentMethodId = StripeIds.New("pm_"),
            PaymentMethodOptions = new PaymentIntentPaymentMethodOptions
            {
                Card = new PaymentIntentPaymentMethodOptionsCard { RequestThreeDSecure = "automatic" },
            },
            PaymentMethodTypes = ["card"],
            Shipping = Shipping(state, form),
            Status = "requires_payment_method",
        };
        paymentIntents[id] = intent;
        session.PaymentIntentId = id;
        return intent;
    }

    private static Shipping? Shipping(SessionState state, PaymentForm form) =>
        state.AllowedCountries.Count == 0 ? null : new Shipping { Name = form.Name.Trim(), Address = Address(form) };

    private static Address Address(PaymentForm form) => new()
    {
        Line1 = form.Line1.Trim(),
        Line2 = Blank(form.Line2),
        City = form.City.Trim(),
        State = Blank(form.State),
        PostalCode = form.PostalCode.Trim(),
        Country = form.Country,
    };

    private static Address? BillingAddress(SessionState state, PaymentForm form) => state.CollectsAddress ? Address(form) : null;

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Complete(SessionState state, PaymentForm form, string paymentStatus)
    {
        var session = state.Session;
        session.Status = "complete";
        session.PaymentStatus = paymentStatus;
        session.Url = null;
        session.CustomerDetails = new SessionCustomerDetails
        {
            Address = BillingAddress(state, form),
            Email = form.Email.Trim(),
            Name = form.Name.Trim(),
            TaxExempt = "none",
            TaxIds = [],
        };
        session.CollectedInformation = state.AllowedCountries.Count == 0
            ? null
            : new SessionCollectedInformation { ShippingDetails = new SessionCollectedInformationShippingDetails { Name = form.Name.Trim(), Address = Address(form) } };
        if (state.Coupon is { } coupon)
        {
            coupon.TimesRedeemed++;
            RefreshCouponValidity(coupon);
        }
    }

    private static void Succeed(PaymentIntent intent, Charge charge)
    {
        intent.Status = "succeeded";
        intent.AmountReceived = intent.Amount;
        intent.LatestChargeId = charge.Id;
        intent.LastPaymentError = null;
    }

    /// <summary>A captured charge; paid by card when a form and verdict are given, else by the settled bank transfer.</summary>
    private Charge NewCharge(PaymentIntent intent, PaymentForm? card, CardVerdict? verdict, Address? billingAddress)
    {
        var id = StripeIds.New("ch_");
        var details = card is null || verdict is null
            ? new ChargePaymentMethodDetails { Type = "customer_balance", CustomerBalance = new ChargePaymentMethodDetailsCustomerBalance() }
            : new ChargePaymentMethodDetails
            {
                Type = "card",
                Card = new ChargePaymentMethodDetailsCard
                {
                    AmountAuthorized = intent.Amount,
                    Brand = verdict.Brand,
                    Checks = new ChargePaymentMethodDetailsCardChecks
                    {
                        AddressLine1Check = billingAddress is null ? null : "pass",
                        AddressPostalCodeCheck = billingAddress is null ? null : "pass",
                        CvcCheck = "pass",
                    },
                    Country = "US",
                    ExpMonth = card.ParsedExpiry!.Value.Month,
                    ExpYear = card.ParsedExpiry!.Value.Year,
                    Fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(card.CardDigits)))[..16],
                    Funding = verdict.Funding,
                    Last4 = card.CardDigits[^4..],
                    Network = verdict.Brand,
                    RegulatedStatus = "unregulated",
                },
            };
        var charge = new Charge
        {
            Id = id,
            Object = "charge",
            Amount = intent.Amount,
            AmountCaptured = intent.Amount,
            AmountRefunded = 0,
            BalanceTransactionId = StripeIds.New("txn_"),
            BillingDetails = new ChargeBillingDetails
            {
                Address = billingAddress,
                Email = card?.Email.Trim(),
                Name = card?.Name.Trim(),
            },
            CalculatedStatementDescriptor = "STRIPE EMULATOR",
            Captured = true,
            Created = Now,
            Currency = intent.Currency,
            Description = intent.Description,
            Disputed = false,
            FraudDetails = new ChargeFraudDetails(),
            Livemode = false,
            Metadata = new Dictionary<string, string>(intent.Metadata),
            Outcome = new ChargeOutcome
            {
                NetworkStatus = "approved_by_network",
                RiskLevel = "normal",
                RiskScore = 20,
                SellerMessage = "Payment complete.",
                Type = "authorized",
            },
            Paid = true,
            PaymentIntentId = intent.Id,
            PaymentMethod = intent.PaymentMethodId,
            PaymentMethodDetails = details,
            Refunded = false,
            Refunds = new StripeList<Refund> { Object = "list", Data = [], HasMore = false, Url = $"/v1/charges/{id}/refunds" },
            Shipping = intent.Shipping,
            Status = "succeeded",
        };
        charges[id] = charge;
        return charge;
    }
}
