namespace FibroStore.Subscribers.Data;

internal enum SubscriberStatus
{
    Pending,
    Confirmed,
    Unsubscribed,
    Bounced,
}

internal enum SendPreference
{
    EachArticle,
    WeeklyDigest,
    Nothing,
}

internal sealed class Subscriber
{
    public const int EmailMaxLength = 254;
    public const int FirstNameMaxLength = 80;

    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    /// <summary>Lower-cased address: the unique key, so Ann@Example.org and ann@example.org are one subscriber.</summary>
    public string NormalizedEmail { get; set; } = "";
    public string? FirstName { get; set; }
    public SubscriberStatus Status { get; set; }
    public SendPreference Preference { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? UnsubscribedAt { get; set; }
    public List<SubscriberEvent> History { get; set; } = [];

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public void Record(string what, DateTimeOffset now, string? detail = null)
    {
        UpdatedAt = now;
        History.Add(new SubscriberEvent { SubscriberId = Id, At = now, What = what, Detail = detail });
    }

    public void Confirm(DateTimeOffset now)
    {
        if (Status == SubscriberStatus.Confirmed) return;
        Status = SubscriberStatus.Confirmed;
        ConfirmedAt = now;
        UnsubscribedAt = null;
        Record("confirmed", now);
    }

    public void Unsubscribe(DateTimeOffset now, string how)
    {
        if (Status == SubscriberStatus.Unsubscribed) return;
        Status = SubscriberStatus.Unsubscribed;
        UnsubscribedAt = now;
        Record("unsubscribed", now, how);
    }

    /// <summary>The "undo" on the unsubscribe page: only someone who had confirmed before comes straight back.</summary>
    public void Resubscribe(DateTimeOffset now)
    {
        if (Status != SubscriberStatus.Unsubscribed || ConfirmedAt is null) return;
        Status = SubscriberStatus.Confirmed;
        UnsubscribedAt = null;
        Record("resubscribed", now);
    }
}

/// <summary>One line of a subscriber's history (joined, confirmed, unsubscribed, bounced…).</summary>
internal sealed class SubscriberEvent
{
    public long Id { get; set; }
    public Guid SubscriberId { get; set; }
    public DateTimeOffset At { get; set; }
    public string What { get; set; } = "";
    public string? Detail { get; set; }
}
