using System.Net.Mail;
using FibroStore.StripeEmulator.Api;
using Stripe;
using Stripe.Checkout;

namespace FibroStore.StripeEmulator.Account;

internal sealed partial class EmulatedAccount
{
    private sealed class SessionState(Session session, List<LineItem> lineItems, List<ShippingRate> shippingRates, Coupon? coupon,
        Dictionary<string, string> paymentIntentMetadata, string? paymentIntentDescription)
    {
        public Session Session => session;
        public List<LineItem> LineItems => lineItems;
        public List<ShippingRate> ShippingRates => shippingRates;
        public Coupon? Coupon => coupon;
        public Dictionary<string, string> PaymentIntentMetadata => paymentIntentMetadata;
        public string? PaymentIntentDescription => paymentIntentDescription;
        public IReadOnlyList<string> AllowedCountries => session.ShippingAddressCollection?.AllowedCountries ?? [];
        public bool RequiresBillingAddress => session.BillingAddressCollection == "required";
        /// <summary>One address form serves shipping and billing alike, as Stripe's "billing same as shipping" does by default.</summary>
        public bool CollectsAddress => AllowedCountries.Count > 0 || RequiresBillingAddress;
    }

    private static readonly string[] SessionParameters =
    [
        "mode", "line_items", "customer_email", "client_reference_id", "metadata", "success_url", "cancel_url", "expires_at",
        "shipping_address_collection", "shipping_options", "discounts", "payment_intent_data", "payment_method_types",
        "locale", "submit_type", "billing_address_collection", "currency", "ui_mode", "customer_creation",
        "phone_number_collection", "expand",
    ];

    public string CreateSession(StripeParams p)
    {
        p.AllowOnly(SessionParameters);
        var mode = p.RequiredString("mode");
        if (mode != "payment")
            throw StripeApiException.Invalid("mode", $"The Stripe emulator supports only `mode=payment`, not `{mode}`.");
        if (p.String("ui_mode") is { } uiMode && uiMode != "hosted")
            throw StripeApiException.Invalid("ui_mode", $"The Stripe emulator supports only `ui_mode=hosted`, not `{uiMode}`.");
        if (p.Strings("payment_method_types").FirstOrDefault(t => t != "card") is { } method)
            throw StripeApiException.Invalid("payment_method_types[0]", $"The payment method type `{method}` is not emulated; use `card`.");

        var now = Now;
        var lineItems = ParseLineItems(p, now, out var currency);
        if (p.String("currency") is { } declared && !declared.Equals(currency, StringComparison.OrdinalIgnoreCase))
            throw StripeApiException.Invalid("currency", $"The currency `{declared}` does not match the currency of the line items (`{currency}`).");
        var countries = ParseAllowedCountries(p);
        var shippingRates = ParseShippingOptions(p, now, currency);
        var email = p.String("customer_email");
        if (email is not null && !MailAddress.TryCreate(email, out _))
            throw StripeApiException.Invalid("customer_email", $"Invalid email address: {email}", "email_invalid");
        var clientReferenceId = p.String("client_reference_id");
        if (clientReferenceId is { Length: > 200 })
            throw StripeApiException.Invalid("client_reference_id", "Invalid string: must be at most 200 characters", "parameter_invalid_string_too_long");
        var successUrl = Url(p, "success_url");
        var cancelUrl = Url(p, "cancel_url");
        var expiresAt = ExpiresAt(p, now);
        var metadata = Metadata(p, "metadata");
        var paymentIntentMetadata = Metadata(p, "payment_intent_data[metadata]");
        var submitType = p.String("submit_type");
        if (submitType is not (null or "auto" or "pay" or "book" or "donate"))
            throw StripeApiException.Invalid("submit_type", "Invalid submit_type: must be one of auto, book, donate, or pay", "parameter_invalid_string");
        var billing = p.String("billing_address_collection");
        if (billing is not (null or "auto" or "required"))
            throw StripeApiException.Invalid("billing_address_collection", "Invalid billing_address_collection: must be one of auto or required", "parameter_invalid_string");

        lock (gate)
        {
            var coupon = ParseDiscount(p, currency);
            var id = StripeIds.New("cs_test_", 58);
            var session = new Session
            {
                Id = id,
                Object = "checkout.session",
                AdaptivePricing = new SessionAdaptivePricing { Enabled = false },
                AutomaticTax = new SessionAutomaticTax { Enabled = false },
                BillingAddressCollection = billing,
                CancelUrl = cancelUrl,
                ClientReferenceId = clientReferenceId,
                Created = now,
                Currency = currency,
                CustomFields = [],
                CustomText = new SessionCustomText(),
                CustomerCreation = p.String("customer_creation") ?? "if_required",
                CustomerDetails = email is null ? null : new SessionCustomerDetails { Email = email, TaxExempt = "none", TaxIds = [] },
                CustomerEmail = email,
                Discounts = coupon is null ? [] : [new SessionDiscount { CouponId = coupon.Id }],
                ExpiresAt = expiresAt,
                InvoiceCreation = new SessionInvoiceCreation
                {
                    Enabled = false,
                    InvoiceData = new SessionInvoiceCreationInvoiceData { Metadata = [] },
                },
                Livemode = false,
                Locale = p.String("locale"),
                Metadata = metadata,
                Mode = mode,
                PaymentMethodCollection = "if_required",
                PaymentMethodOptions = new SessionPaymentMethodOptions
                {
                    Card = new SessionPaymentMethodOptionsCard { RequestThreeDSecure = "automatic" },
                },
                PaymentMethodTypes = ["card"],
                PaymentStatus = "unpaid",
                PhoneNumberCollection = new SessionPhoneNumberCollection { Enabled = p.Bool("phone_number_collection[enabled]") ?? false },
                ShippingAddressCollection = countries.Count == 0 ? null : new SessionShippingAddressCollection { AllowedCountries = countries },
                Status = "open",
                SubmitType = submitType,
                SuccessUrl = successUrl,
                TaxIdCollection = new SessionTaxIdCollection { Enabled = false, Required = "never" },
                UiMode = "hosted",
                Url = $"{PublicUrl}/stripe-emulator/pay/{id}",
            };
            var state = new SessionState(session, lineItems, shippingRates, coupon, paymentIntentMetadata,
                p.String("payment_intent_data[description]"));
            Price(state, shippingRates.FirstOrDefault());
            var minimum = Money.Minimum(currency);
            if (session.AmountTotal > 0 && session.AmountTotal < minimum)
                throw StripeApiException.Invalid("line_items",
                    $"The Checkout Session's total amount due must add up to at least {Money.Format(minimum, currency)} {currency}");
            sessions[id] = state;
            return session.ToJson();
        }
    }

    public string RetrieveSession(string id, IReadOnlyCollection<string> expand)
    {
        lock (gate)
        {
            var state = sessions.GetValueOrDefault(id) ?? throw StripeApiException.NoSuch("checkout.session", id, "session");
            if (expand.Count == 0)
                return state.Session.ToJson();
            var copy = StripeEntity.FromJson<Session>(state.Session.ToJson());
            if (expand.Contains("line_items"))
                copy.LineItems = LineItemPage(state, id, limit: 10, startingAfter: null);
            if (expand.Contains("payment_intent") && state.Session.PaymentIntentId is { } pi)
                copy.PaymentIntent = paymentIntents[pi];
            return copy.ToJson();
        }
    }

    public string ListLineItems(string id, long? limit, string? startingAfter)
    {
        if (limit is < 1 or > 100)
            throw StripeApiException.Invalid("limit", "Invalid limit: must be between 1 and 100");
        lock (gate)
        {
            var state = sessions.GetValueOrDefault(id) ?? throw StripeApiException.NoSuch("checkout.session", id, "session");
            return LineItemPage(state, id, (int)(limit ?? 10), startingAfter).ToJson();
        }
    }

    public string ExpireSession(string id, RequestOrigin origin)
    {
        lock (gate)
        {
            var state = sessions.GetValueOrDefault(id) ?? throw StripeApiException.NoSuch("checkout.session", id, "session");
            if (state.Session.Status != "open")
                throw StripeApiException.Invalid("session", "Only Checkout Sessions with a status in [\"open\"] can be expired.");
            Expire(state, origin);
            return state.Session.ToJson();
        }
    }

    public int ExpireDueSessions()
    {
        lock (gate)
        {
            var due = sessions.Values.Where(s => s.Session.Status == "open" && s.Session.ExpiresAt <= Now).ToList();
            foreach (var state in due)
                Expire(state, RequestOrigin.Buyer);
            return due.Count;
        }
    }

    public string? SessionJson(string id)
    {
        lock (gate)
            return sessions.GetValueOrDefault(id)?.Session.ToJson();
    }

    private void Expire(SessionState state, RequestOrigin origin)
    {
        state.Session.Status = "expired";
        state.Session.Url = null;
        if (state.Session.PaymentIntentId is { } piId && paymentIntents[piId] is { Status: "requires_payment_method" } pi)
        {
            pi.Status = "canceled";
            pi.CanceledAt = Now;
            pi.CancellationReason = "abandoned";
            Raise("payment_intent.canceled", pi, origin);
        }
        Raise("checkout.session.expired", state.Session, origin);
    }

    private static StripeList<LineItem> LineItemPage(SessionState state, string sessionId, int limit, string? startingAfter)
    {
        var items = state.LineItems.AsEnumerable();
        if (startingAfter is not null)
        {
            var index = state.LineItems.FindIndex(li => li.Id == startingAfter);
            if (index < 0)
                throw StripeApiException.NoSuch("line_item", startingAfter, "starting_after", 400);
            items = items.Skip(index + 1);
        }
        var page = items.Take(limit + 1).ToList();
        return new StripeList<LineItem>
        {
            Object = "list",
            Data = page.Take(limit).ToList(),
            HasMore = page.Count > limit,
            Url = $"/v1/checkout/sessions/{sessionId}/line_items",
        };
    }

    /// <summary>What the session would come to with this shipping rate, without changing it.</summary>
    private static long TotalWith(SessionState state, ShippingRate? shipping)
    {
        var subtotal = state.LineItems.Sum(li => li.AmountSubtotal);
        return subtotal - Discount(state, subtotal) + (shipping?.FixedAmount.Amount ?? 0);
    }

    private static long Discount(SessionState state, long subtotal) => Math.Min(subtotal, state.Coupon switch
    {
        null => 0,
        { AmountOff: { } off } => off,
        { PercentOff: { } percent } => (long)Math.Round(subtotal * percent / 100m, MidpointRounding.AwayFromZero),
        _ => 0,
    });

    /// <summary>Subtotal, the coupon spread over the lines in proportion, the chosen shipping, and the total.</summary>
    private static void Price(SessionState state, ShippingRate? shipping)
    {
        var session = state.Session;
        var subtotal = state.LineItems.Sum(li => li.AmountSubtotal);
        var discount = Discount(state, subtotal);
        var left = discount;
        for (var i = 0; i < state.LineItems.Count; i++)
        {
            var item = state.LineItems[i];
            var share = i == state.LineItems.Count - 1 || subtotal == 0 ? left : discount * item.AmountSubtotal / subtotal;
            share = Math.Min(share, Math.Min(left, item.AmountSubtotal));
            left -= share;
            item.AmountDiscount = share;
            item.AmountTotal = item.AmountSubtotal - share;
        }
        var shippingAmount = shipping?.FixedAmount.Amount ?? 0;
        session.AmountSubtotal = subtotal;
        session.AmountTotal = subtotal - discount + shippingAmount;
        session.TotalDetails = new SessionTotalDetails { AmountDiscount = discount, AmountShipping = shippingAmount, AmountTax = 0 };
        session.ShippingCost = shipping is null
            ? null
            : new SessionShippingCost { AmountSubtotal = shippingAmount, AmountTax = 0, AmountTotal = shippingAmount, ShippingRateId = shipping.Id };
        session.ShippingOptions = state.ShippingRates
            .Select(r => new SessionShippingOption { ShippingAmount = r.FixedAmount.Amount, ShippingRateId = r.Id })
            .ToList();
    }

    private static List<LineItem> ParseLineItems(StripeParams p, DateTime now, out string currency)
    {
        var elements = p.Elements("line_items");
        if (elements.Count == 0)
            throw StripeApiException.Missing("line_items");
        if (elements.Count > 100)
            throw StripeApiException.Invalid("line_items", "A Checkout Session can have at most 100 line items.");
        var items = new List<LineItem>();
        string? sessionCurrency = null;
        foreach (var e in elements)
        {
            if (p.String(e + "[price]") is { } priceId)
                throw StripeApiException.NoSuch("price", priceId, e + "[price]", 400);
            var pd = e + "[price_data]";
            if (!p.Has(pd))
                throw StripeApiException.Invalid(e, $"You must specify either `price` or `price_data` for {e}.", "parameter_missing");
            var itemCurrency = Currency(p, pd + "[currency]");
            sessionCurrency ??= itemCurrency;
            if (itemCurrency != sessionCurrency)
                throw StripeApiException.Invalid(pd + "[currency]", "All line items must use the same currency.");
            if (p.String(pd + "[product]") is { } productId)
                throw StripeApiException.NoSuch("product", productId, pd + "[product]", 400);
            var name = p.String(pd + "[product_data][name]") ?? throw StripeApiException.Missing(pd + "[product_data][name]");
            var unitAmount = p.Long(pd + "[unit_amount]") ?? throw StripeApiException.Missing(pd + "[unit_amount]");
            if (unitAmount < 0)
                throw StripeApiException.Invalid(pd + "[unit_amount]", "This value must be greater than or equal to 0.", "parameter_invalid_integer");
            if (unitAmount > 99_999_999)
                throw StripeApiException.Invalid(pd + "[unit_amount]", "This value must be less than or equal to 99999999.", "parameter_invalid_integer");
            var quantity = p.Long(e + "[quantity]") ?? throw StripeApiException.Missing(e + "[quantity]");
            if (quantity is < 1 or > 999_999)
                throw StripeApiException.Invalid(e + "[quantity]", "This value must be greater than or equal to 1.", "parameter_invalid_integer");
            var price = new Price
            {
                Id = StripeIds.New("price_"),
                Object = "price",
                Active = false,
                BillingScheme = "per_unit",
                Created = now,
                Currency = itemCurrency,
                Livemode = false,
                Metadata = [],
                ProductId = StripeIds.New("prod_", 14),
                TaxBehavior = p.String(pd + "[tax_behavior]") ?? "unspecified",
                Type = "one_time",
                UnitAmount = unitAmount,
                UnitAmountDecimal = unitAmount,
            };
            var subtotal = checked(unitAmount * quantity);
            items.Add(new LineItem
            {
                Id = StripeIds.New("li_"),
                Object = "item",
                AmountDiscount = 0,
                AmountSubtotal = subtotal,
                AmountTax = 0,
                AmountTotal = subtotal,
                Currency = itemCurrency,
                Description = name,
                Metadata = Metadata(p, e + "[metadata]"),
                Price = price,
                Quantity = quantity,
            });
        }
        currency = sessionCurrency!;
        return items;
    }

    private static string Currency(StripeParams p, string key)
    {
        var currency = p.RequiredString(key).ToLowerInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterLower))
            throw StripeApiException.Invalid(key, $"Invalid currency: {currency}. Stripe currently supports these currencies: usd, eur, gbp, …", "parameter_invalid_string");
        return currency;
    }

    private static List<string> ParseAllowedCountries(StripeParams p)
    {
        const string key = "shipping_address_collection[allowed_countries]";
        var countries = p.Strings(key);
        if (p.Has("shipping_address_collection") && countries.Count == 0)
            throw StripeApiException.Missing(key);
        foreach (var country in countries)
        {
            if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
                throw StripeApiException.Invalid(key, $"Invalid {key}: `{country}` is not a two-letter country code (ISO 3166-1 alpha-2, upper case).", "parameter_invalid_string");
        }
        return countries.Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<ShippingRate> ParseShippingOptions(StripeParams p, DateTime now, string currency)
    {
        var rates = new List<ShippingRate>();
        foreach (var e in p.Elements("shipping_options"))
        {
            if (p.String(e + "[shipping_rate]") is { } rateId)
                throw StripeApiException.NoSuch("shipping_rate", rateId, e + "[shipping_rate]", 400);
            var data = e + "[shipping_rate_data]";
            var displayName = p.String(data + "[display_name]") ?? throw StripeApiException.Missing(data + "[display_name]");
            var type = p.String(data + "[type]") ?? "fixed_amount";
            if (type != "fixed_amount")
                throw StripeApiException.Invalid(data + "[type]", "Invalid type: must be fixed_amount", "parameter_invalid_string");
            var amount = p.Long(data + "[fixed_amount][amount]") ?? throw StripeApiException.Missing(data + "[fixed_amount][amount]");
            if (amount < 0)
                throw StripeApiException.Invalid(data + "[fixed_amount][amount]", "This value must be greater than or equal to 0.", "parameter_invalid_integer");
            var rateCurrency = Currency(p, data + "[fixed_amount][currency]");
            if (rateCurrency != currency)
                throw StripeApiException.Invalid(data + "[fixed_amount][currency]",
                    $"The shipping rate's currency ({rateCurrency}) must match the Checkout Session's currency ({currency}).");
            rates.Add(new ShippingRate
            {
                Id = StripeIds.New("shr_"),
                Object = "shipping_rate",
                Active = true,
                Created = now,
                DisplayName = displayName,
                FixedAmount = new ShippingRateFixedAmount { Amount = amount, Currency = rateCurrency },
                Livemode = false,
                Metadata = Metadata(p, data + "[metadata]"),
                TaxBehavior = p.String(data + "[tax_behavior]") ?? "unspecified",
                Type = "fixed_amount",
            });
        }
        return rates;
    }

    private Coupon? ParseDiscount(StripeParams p, string currency)
    {
        var elements = p.Elements("discounts");
        if (elements.Count > 1)
            throw StripeApiException.Invalid("discounts", "You may only specify one discount on a Checkout Session.");
        if (elements.Count == 0)
            return null;
        var e = elements[0];
        if (p.String(e + "[promotion_code]") is { } promotionCode)
            throw StripeApiException.NoSuch("promotion_code", promotionCode, e + "[promotion_code]", 400);
        var couponId = p.String(e + "[coupon]") ?? throw StripeApiException.Missing(e + "[coupon]");
        var coupon = coupons.GetValueOrDefault(couponId) ?? throw StripeApiException.NoSuch("coupon", couponId, e + "[coupon]", 400);
        RefreshCouponValidity(coupon);
        if (!coupon.Valid)
            throw StripeApiException.Invalid(e + "[coupon]", $"Coupon {coupon.Id} is no longer valid.", "coupon_expired");
        if (coupon.AmountOff is not null && coupon.Currency != currency)
            throw StripeApiException.Invalid(e + "[coupon]",
                $"The coupon's currency ({coupon.Currency}) does not match the Checkout Session's currency ({currency}).");
        return coupon;
    }

    private static string? Url(StripeParams p, string key)
    {
        var url = p.String(key);
        if (url is null)
            return null;
        var checkable = url.Replace("{CHECKOUT_SESSION_ID}", "x", StringComparison.Ordinal);
        if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw StripeApiException.Invalid(key, "Not a valid URL", "url_invalid");
        return url;
    }

    private static DateTime ExpiresAt(StripeParams p, DateTime now)
    {
        var seconds = p.Long("expires_at");
        if (seconds is null)
            return now.AddHours(24);
        var at = DateTimeOffset.FromUnixTimeSeconds(seconds.Value).UtcDateTime;
        if (at < now.AddMinutes(30))
            throw StripeApiException.Invalid("expires_at",
                "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.");
        if (at > now.AddHours(24))
            throw StripeApiException.Invalid("expires_at",
                "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.");
        return at;
    }
}
