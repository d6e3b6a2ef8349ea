namespace FibroStore.Subscribers.Sending;

/// <summary>The campaign sender's settings (section <c>Subscribers:Sending</c>).</summary>
internal sealed class SendingOptions
{
    public const string Section = "Subscribers:Sending";

    public bool Enabled { get; set; } = true;
    /// <summary>Deliveries claimed at a time by one instance.</summary>
    public int BatchSize { get; set; } = 200;
    /// <summary>SMTP connections each instance keeps open while it has work.</summary>
    public int Connections { get; set; } = 4;
    /// <summary>Upper limit per instance; 0 means no limit. Set it to what the relay allows.</summary>
    public int MessagesPerSecond { get; set; } = 100;
    public int PollMilliseconds { get; set; } = 2000;
    /// <summary>How long a claim holds; a crashed instance's claims return to the queue after it.</summary>
    public int LeaseSeconds { get; set; } = 300;
    /// <summary>Transient failures (4xx, lost connections) are retried this many times in all before the delivery fails.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The first retry waits this long; each next one twice as long, up to an hour.</summary>
    public double RetryBaseSeconds { get; set; } = 30;
}
