namespace FibroStore.Subscribers.Contracts;

/// <summary>
/// One calendar day of the list in the store's time zone: people who joined (confirmed, came back, or were imported
/// with consent), people who unsubscribed, and the confirmed list's size at the end of the day.
/// </summary>
public sealed record SubscriberDay(DateOnly Day, int Joined, int Unsubscribed, int ListSize);

public sealed record SubscriberSummary(int Joined, int Unsubscribed, IReadOnlyList<SubscriberDay> Days);

/// <summary>Subscribers' figures for the staff dashboard, from indexed aggregate queries over the list's history.</summary>
public interface ISubscriberFigures
{
    /// <summary>Joins and unsubscribes with their time in [from, to), one <see cref="SubscriberDay"/> per calendar day of <paramref name="zone"/>.</summary>
    Task<SubscriberSummary> GetAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct);

    /// <summary>Deliveries that failed for good in campaigns started since <paramref name="since"/>.</summary>
    Task<int> CountFailedDeliveriesAsync(DateTimeOffset since, CancellationToken ct);
}
