namespace FibroStore.Subscribers.Data;

/// <summary>
/// One email to the list: a new article's (at most one per article) or a weekly digest's (at most one per week).
/// Unique indexes on the article and on the week enforce the "at most one".
/// </summary>
internal sealed class Campaign
{
    public Guid Id { get; set; }
    public Guid? ArticleId { get; set; }
    /// <summary>The store-local date of the digest's send day; null for an article's campaign.</summary>
    public DateOnly? DigestWeek { get; set; }
    /// <summary>A digest's articles (a JSON list of <see cref="DigestItem"/>), fixed when the digest starts.</summary>
    public string? DigestItems { get; set; }
    public string Title { get; set; } = "";
    public string Excerpt { get; set; } = "";
    /// <summary>Absolute link to the article on the store's public address.</summary>
    public string ArticleUrl { get; set; } = "";
    /// <summary>The article's sanitized HTML, sent instead of the excerpt when Subscribers:Email:FullText is on.</summary>
    public string? BodyHtml { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int RecipientCount { get; set; }
    /// <summary>Set while staff have paused the campaign; the sender claims none of its deliveries then.</summary>
    public DateTimeOffset? PausedAt { get; set; }
}

/// <summary>An article in an email. <see cref="BodyHtml"/> is null in digests, which list excerpts only.</summary>
internal sealed record DigestItem(string Title, string Excerpt, string Url, string? BodyHtml = null);

internal enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
    /// <summary>The subscriber left or bounced after the campaign started; nothing was sent.</summary>
    Skipped,
}

/// <summary>One recipient of one campaign: pending → sent, or failed with the attempts and last SMTP answer.</summary>
internal sealed class Delivery
{
    public long Id { get; set; }
    public Guid CampaignId { get; set; }
    public Guid SubscriberId { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A sender holds the row until then; a crashed sender's rows come back when it passes.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public Guid? ClaimedBy { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastAnswer { get; set; }
}
