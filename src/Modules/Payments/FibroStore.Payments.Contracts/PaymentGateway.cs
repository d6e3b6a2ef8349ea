using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Payments.Contracts;

/// <summary>One line on the payment page. Amounts are decided by the caller's server-side prices, never by a browser.</summary>
public sealed record CheckoutItem(string Name, string? Description, decimal UnitAmount, int Quantity, string? ImageUrl);

/// <summary>The one shipping rate the shopper chose in the store; the payment page shows it and nothing else.</summary>
public sealed record CheckoutShipping(string Name, decimal Amount);

public sealed record CheckoutSessionRequest(
    Guid CheckoutId,
    string Currency,
    IReadOnlyList<CheckoutItem> Items,
    CheckoutShipping Shipping,
    decimal DiscountAmount,
    string? DiscountName,
    string? CustomerEmail,
    IReadOnlyList<string> ShippingCountries,
    DateTimeOffset ExpiresAt,
    string SuccessUrl,
    string CancelUrl);

public sealed record CheckoutSessionCreated(string SessionId, string Url);

public sealed record PostalAddress(string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country);

public static class CheckoutPaymentStatus
{
    public const string Paid = "paid";
    public const string Unpaid = "unpaid";
    public const string NoPaymentRequired = "no_payment_required";
}

public static class CheckoutSessionStatus
{
    public const string Open = "open";
    public const string Complete = "complete";
    public const string Expired = "expired";
}

/// <summary>
/// A Checkout Session as the payment provider last told it. <paramref name="CustomerName"/> and
/// <paramref name="BillingAddress"/> are the payer's; the shipping name and address say where the parcel goes.
/// </summary>
public sealed record CheckoutSessionState(
    string SessionId,
    Guid CheckoutId,
    string Status,
    string PaymentStatus,
    string? PaymentIntentId,
    decimal AmountTotal,
    string Currency,
    string? Email,
    string? CustomerName,
    string? ShippingName,
    PostalAddress? ShippingAddress,
    PostalAddress? BillingAddress);

public sealed record RefundOutcome(string RefundId, string Status, decimal Amount);

/// <summary>A payment provider call that failed for a reason a person can read (declined, refund above what was paid…).</summary>
public sealed class PaymentFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Payments' public surface: Stripe Checkout and refunds. Every write carries an idempotency key.</summary>
public interface IPaymentGateway
{
    Task<CheckoutSessionCreated> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken ct);

    /// <summary>Reads a session from the provider (the return page uses it when the webhook has not arrived yet).</summary>
    Task<CheckoutSessionState> GetCheckoutSessionAsync(string sessionId, CancellationToken ct);

    /// <summary>
    /// Closes an open payment page so it can no longer be paid (the shopper went back to change the cart). False when
    /// it was not open any more: it may have been paid meanwhile, and its completion notice will follow. True for a session
    /// the provider does not know, which can never be paid.
    /// </summary>
    Task<bool> ExpireCheckoutSessionAsync(string sessionId, CancellationToken ct);

    /// <summary>Refunds part or all of a payment. The same key refunds once however often it is called.</summary>
    Task<RefundOutcome> RefundAsync(string paymentIntentId, decimal amount, string currency, string idempotencyKey, CancellationToken ct);
}

// A checkout's events keep their order among themselves; different checkouts' events are handled side by side. A
// refund notice names only a payment, so it keeps its place among all of them.

/// <summary>A Checkout Session was completed; when <see cref="CheckoutSessionState.PaymentStatus"/> is unpaid the money follows later.</summary>
public sealed record CheckoutSessionCompleted(CheckoutSessionState Session) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"checkout:{Session.CheckoutId}";
}

public sealed record CheckoutAsyncPaymentSucceeded(CheckoutSessionState Session) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"checkout:{Session.CheckoutId}";
}

public sealed record CheckoutAsyncPaymentFailed(CheckoutSessionState Session) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"checkout:{Session.CheckoutId}";
}

public sealed record CheckoutSessionExpired(string SessionId, Guid CheckoutId) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"checkout:{CheckoutId}";
}

/// <summary>A payment was refunded in part or whole; <paramref name="AmountRefunded"/> is the running total.</summary>
public sealed record ChargeRefunded(string PaymentIntentId, decimal AmountRefunded, decimal AmountCaptured, string Currency) : IntegrationEvent;
