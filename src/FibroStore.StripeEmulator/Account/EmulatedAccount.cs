using System.Text;
using FibroStore.StripeEmulator.Api;
using FibroStore.StripeEmulator.Webhooks;
using Microsoft.Extensions.Options;
using Stripe;

namespace FibroStore.StripeEmulator.Account;

/// <summary>Where an event came from, for its <c>request</c> field: an API call, or the buyer (no request).</summary>
internal sealed record RequestOrigin(string? RequestId, string? IdempotencyKey)
{
    public static readonly RequestOrigin Buyer = new(null, null);
}

/// <summary>
/// One Stripe test-mode account. It stands in for an external service, so its state lives in this process's memory
/// only, like a sandbox that starts empty; one lock makes every operation atomic, and objects leave it only as JSON
/// snapshots taken under that lock.
/// </summary>
internal sealed partial class EmulatedAccount(TimeProvider clock, WebhookDispatcher webhooks, IOptions<StripeEmulatorOptions> options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SessionState> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Coupon> coupons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PaymentIntent> paymentIntents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Charge> charges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Refund> refunds = new(StringComparer.Ordinal);
    private readonly List<EmulatedEvent> events = [];

    /// <summary>Stripe's timestamps are whole seconds.</summary>
    private DateTime Now => DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()).UtcDateTime;

    private string PublicUrl => options.Value.PublicUrl.TrimEnd('/');

    public IReadOnlyList<EmulatedEvent> Events()
    {
        lock (gate)
            return [.. events];
    }

    public EmulatedEvent? FindEvent(string id)
    {
        lock (gate)
            return events.Find(e => e.Id == id);
    }

    public string? PaymentIntentJson(string id)
    {
        lock (gate)
            return paymentIntents.GetValueOrDefault(id)?.ToJson();
    }

    public string? ChargeJson(string id)
    {
        lock (gate)
            return charges.GetValueOrDefault(id)?.ToJson();
    }

    public string RetrievePaymentIntent(string id) =>
        PaymentIntentJson(id) ?? throw StripeApiException.NoSuch("payment_intent", id, "intent");

    public string RetrieveRefund(string id)
    {
        lock (gate)
            return refunds.GetValueOrDefault(id)?.ToJson() ?? throw StripeApiException.NoSuch("refund", id, "id");
    }

    public string RetrieveCoupon(string id)
    {
        lock (gate)
            return coupons.GetValueOrDefault(id)?.ToJson() ?? throw StripeApiException.NoSuch("coupon", id, "coupon");
    }

    public string CreateCoupon(StripeParams p)
    {
        p.AllowOnly("id", "amount_off", "currency", "percent_off", "duration", "duration_in_months", "max_redemptions",
            "name", "metadata", "redeem_by", "expand");
        var amountOff = p.Long("amount_off");
        var percentOff = p.Decimal("percent_off");
        var currency = p.String("currency")?.ToLowerInvariant();
        if (amountOff is null && percentOff is null)
            throw StripeApiException.Invalid("amount_off", "You must pass either `amount_off` or `percent_off`.", "parameter_missing");
        if (amountOff is not null && percentOff is not null)
            throw StripeApiException.Invalid("percent_off", "You may only specify one of these parameters: amount_off, percent_off.");
        if (amountOff is <= 0)
            throw StripeApiException.Invalid("amount_off", "Invalid positive integer", "parameter_invalid_integer");
        if (amountOff is not null && currency is null)
            throw StripeApiException.Invalid("currency", "You must pass currency when passing amount_off", "parameter_missing");
        if (percentOff is <= 0 or > 100)
            throw StripeApiException.Invalid("percent_off", "Invalid percent_off: must be greater than 0 and less than or equal to 100.");
        var duration = p.String("duration") ?? "once";
        if (duration is not ("once" or "forever" or "repeating"))
            throw StripeApiException.Invalid("duration", "Invalid duration: must be one of once, forever, or repeating", "parameter_invalid_string");
        var months = p.Long("duration_in_months");
        if (duration == "repeating" && months is null)
            throw StripeApiException.Missing("duration_in_months");
        var maxRedemptions = p.Long("max_redemptions");
        if (maxRedemptions is <= 0)
            throw StripeApiException.Invalid("max_redemptions", "Invalid positive integer", "parameter_invalid_integer");
        var name = p.String("name");
        if (name is { Length: > 40 })
            throw StripeApiException.Invalid("name", "Invalid string: must be at most 40 characters", "parameter_invalid_string_too_long");
        var redeemBy = p.Long("redeem_by");

        lock (gate)
        {
            var id = p.String("id") ?? StripeIds.New("", 8);
            if (coupons.ContainsKey(id))
                throw StripeApiException.Invalid("id", "Coupon already exists.", "resource_already_exists");
            var coupon = new Coupon
            {
                Id = id,
                Object = "coupon",
                AmountOff = amountOff,
                Created = Now,
                Currency = amountOff is null ? null : currency,
                Duration = duration,
                DurationInMonths = duration == "repeating" ? months : null,
                Livemode = false,
                MaxRedemptions = maxRedemptions,
                Metadata = Metadata(p, "metadata"),
                Name = name,
                PercentOff = percentOff,
                RedeemBy = redeemBy is null ? null : DateTimeOffset.FromUnixTimeSeconds(redeemBy.Value).UtcDateTime,
                TimesRedeemed = 0,
                Valid = true,
            };
            coupons[id] = coupon;
            return coupon.ToJson();
        }
    }

    /// <summary>Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500.</summary>
    private static Dictionary<string, string> Metadata(StripeParams p, string prefix)
    {
        var map = p.Map(prefix);
        if (map.Count > 50)
            throw StripeApiException.Invalid(prefix, "Invalid metadata: metadata can have at most 50 keys.");
        foreach (var (key, value) in map)
        {
            if (key.Length > 40)
                throw StripeApiException.Invalid($"{prefix}[{key}]", "Invalid metadata: keys can be at most 40 characters.");
            if (value.Length > 500)
                throw StripeApiException.Invalid($"{prefix}[{key}]", "Invalid metadata: values can be at most 500 characters.");
        }
        return map;
    }

    private void Raise(string type, IHasObject data, RequestOrigin origin)
    {
        var e = new Event
        {
            Id = StripeIds.New("evt_"),
            Object = "event",
            ApiVersion = StripeConfiguration.ApiVersion,
            Created = Now,
            Data = new EventData { Object = data },
            Livemode = false,
            PendingWebhooks = options.Value.DeliverWebhooks ? 1 : 0,
            Request = new EventRequest { Id = origin.RequestId, IdempotencyKey = origin.IdempotencyKey },
            Type = type,
        };
        var emulated = new EmulatedEvent(e.Id, type, Encoding.UTF8.GetBytes(e.ToJson()), clock.GetUtcNow());
        events.Add(emulated);
        // The oldest go in batches of the kept number, so dropping them costs nothing per event.
        var kept = Math.Max(1, options.Value.KeptEvents);
        if (events.Count >= 2 * kept)
            events.RemoveRange(0, events.Count - kept);
        webhooks.Publish(emulated);
    }

    private void RefreshCouponValidity(Coupon coupon) =>
        coupon.Valid = (coupon.MaxRedemptions is null || coupon.TimesRedeemed < coupon.MaxRedemptions)
                       && (coupon.RedeemBy is null || coupon.RedeemBy > Now);
}
