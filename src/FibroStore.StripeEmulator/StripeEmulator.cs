using FibroStore.StripeEmulator.Account;
using FibroStore.StripeEmulator.Webhooks;
using Stripe;
using Stripe.Checkout;

namespace FibroStore.StripeEmulator;

/// <summary>
/// The address typed on the payment page (for shipping, or for billing alone); no country means the session's first
/// allowed shipping country, or the US.
/// </summary>
public sealed record TestAddress(string Line1, string City, string PostalCode, string? Country = null, string? Line2 = null, string? State = null)
{
    public static readonly TestAddress Default = new("1 Test Street", "Portland", "97201", State: "OR");
}

/// <summary>
/// The emulator's controls for tests: what the buyer does on the hosted page, the passing of time and the bank,
/// the events sent, and what Stripe holds. Objects returned are copies.
/// </summary>
public sealed class StripeEmulator
{
    private readonly EmulatedAccount account;
    private readonly WebhookDispatcher webhooks;
    private readonly TimeProvider clock;

    internal StripeEmulator(EmulatedAccount account, WebhookDispatcher webhooks, TimeProvider clock)
    {
        this.account = account;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /// <summary>Every event raised so far, oldest first.</summary>
    public IReadOnlyList<EmulatedEvent> Events => account.Events();

    public IReadOnlyList<EmulatedEvent> EventsOfType(string type) => account.Events().Where(e => e.Type == type).ToList();

    /// <summary>Sends one event to the webhook URL once more, now (one attempt, no retry); returns the HTTP status.</summary>
    public Task<int> DeliverAsync(string eventId, CancellationToken ct = default) =>
        webhooks.SendAsync(account.FindEvent(eventId) ?? throw new ArgumentException($"No such event: {eventId}", nameof(eventId)), ct);

    /// <summary>Holds back automatic deliveries (events are still raised and listed) until <see cref="ResumeDeliveries"/>.</summary>
    public void PauseDeliveries() => webhooks.Pause();

    /// <summary>Delivers, with retries, every event held back while paused, and the later ones as they come.</summary>
    public void ResumeDeliveries() => webhooks.Resume();

    /// <summary>Exactly what the hosted page's "Pay" button does, with the given card (see <see cref="TestCards"/>).</summary>
    public Task<PaymentOutcome> PayAsync(string sessionId, string cardNumber = TestCards.Succeeds, string email = "shopper@example.org",
        TestAddress? address = null, string name = "Test Shopper", string? shippingRateId = null) =>
        Task.FromResult(account.Pay(sessionId, Form(sessionId, cardNumber, email, address, name, shippingRateId, bankTransfer: false)));

    /// <summary>The page's emulator-only "Bank transfer (settles later)": the session completes unpaid until settled.</summary>
    public Task<PaymentOutcome> PayByBankTransferAsync(string sessionId, string email = "shopper@example.org",
        TestAddress? address = null, string name = "Test Shopper", string? shippingRateId = null) =>
        Task.FromResult(account.Pay(sessionId, Form(sessionId, "", email, address, name, shippingRateId, bankTransfer: true)));

    /// <summary>The bank transfer arrives (checkout.session.async_payment_succeeded) or fails (…_failed).</summary>
    public Task SettleBankTransferAsync(string sessionId, bool succeeded)
    {
        account.Settle(sessionId, succeeded);
        return Task.CompletedTask;
    }

    /// <summary>Expires an open session now, as the API's expire call or the passing of expires_at would.</summary>
    public Task ExpireAsync(string sessionId)
    {
        try
        {
            account.ExpireSession(sessionId, RequestOrigin.Buyer);
        }
        catch (Api.StripeApiException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
        return Task.CompletedTask;
    }

    public Session? GetSession(string id) => Copy<Session>(account.SessionJson(id));

    public PaymentIntent? GetPaymentIntent(string id) => Copy<PaymentIntent>(account.PaymentIntentJson(id));

    public Charge? GetCharge(string id) => Copy<Charge>(account.ChargeJson(id));

    private static T? Copy<T>(string? json) where T : IStripeEntity => json is null ? default : StripeEntity.FromJson<T>(json);

    private PaymentForm Form(string sessionId, string cardNumber, string email, TestAddress? address, string name, string? shippingRateId, bool bankTransfer)
    {
        var a = address ?? TestAddress.Default;
        var country = a.Country ?? account.View(sessionId)?.AllowedCountries.FirstOrDefault() ?? "US";
        var nextYear = (clock.GetUtcNow().Year + 1) % 100;
        return new PaymentForm(email, cardNumber, bankTransfer ? "" : $"12 / {nextYear:00}", bankTransfer ? "" : "123", name,
            a.Line1, a.Line2 ?? "", a.City, a.State ?? "", a.PostalCode, country, shippingRateId, bankTransfer);
    }
}
