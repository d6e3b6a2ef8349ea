namespace FibroStore.StripeEmulator;

/// <summary>Settings of the local Stripe stand-in, bound from the "StripeEmulator" configuration section.</summary>
public sealed class StripeEmulatorOptions
{
    public const string Section = "StripeEmulator";

    /// <summary>Where browsers reach the store, and so the hosted payment page; defaults to Store:PublicUrl.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Where events are POSTed; defaults to the store's own /webhooks/stripe.</summary>
    public string WebhookUrl { get; set; } = "http://127.0.0.1:5080/webhooks/stripe";

    public string WebhookSecret { get; set; } = "whsec_fibrostore_emulator";

    /// <summary>The one API key the emulator accepts; the store sends this one when it has no Stripe key of its own.</summary>
    public string SecretKey { get; set; } = "sk_test_fibrostore_emulator";

    public bool DeliverWebhooks { get; set; } = true;

    public int MaxDeliveryAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; each later wait doubles, as Stripe backs off.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Idempotency keys whose first result is kept for replay, newest first. Stripe keeps a key for 24 hours; this
    /// sandbox lives in the store's memory, so it keeps the latest ones only: far more than any client's retries
    /// (seconds apart) need, and a bound on what a long-running development store holds.
    /// </summary>
    public int KeptIdempotencyKeys { get; set; } = 1000;

    /// <summary>
    /// The latest events kept for reading and resending (Stripe keeps 30 days of them), for the same reason. The oldest
    /// are dropped in batches, so up to twice as many are held at times.
    /// </summary>
    public int KeptEvents { get; set; } = 1000;
}
