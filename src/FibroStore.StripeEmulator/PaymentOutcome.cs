namespace FibroStore.StripeEmulator;

public enum PaymentResult
{
    /// <summary>The card was charged: the session is complete and paid.</summary>
    Paid,

    /// <summary>The session is complete but unpaid until the bank transfer is settled.</summary>
    AwaitingSettlement,

    /// <summary>The card was refused; the session stays open.</summary>
    Declined,

    /// <summary>The form was incomplete; nothing happened.</summary>
    InvalidInput,

    /// <summary>The session is already complete or expired.</summary>
    SessionNotOpen,

    NoSuchSession,
}

/// <summary>
/// What paying on the hosted page led to. <see cref="RedirectUrl"/> is the success_url with the session id filled
/// in; <see cref="FieldErrors"/> holds the form's messages by input name (a decline is reported on "card_number").
/// </summary>
public sealed record PaymentOutcome(
    PaymentResult Result, string? RedirectUrl, string? DeclineCode, IReadOnlyDictionary<string, string> FieldErrors)
{
    public string? Message => FieldErrors.Values.FirstOrDefault();
}
