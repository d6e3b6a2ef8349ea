namespace FibroStore.SiteServices.Contracts;

/// <summary>
/// Counts attempts per key in PostgreSQL, so a limit holds across every app instance.
/// Keys are stored as keyed hashes (HMAC with a secret from configuration) and forgotten after a day; pass an IP
/// address or email address freely.
/// </summary>
public interface IRequestThrottle
{
    /// <summary>Records an attempt and says whether it is within <paramref name="limit"/> per <paramref name="window"/>.</summary>
    Task<bool> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken ct);

    /// <summary>
    /// How long until <paramref name="key"/> has room for another attempt under <paramref name="limit"/> per
    /// <paramref name="window"/>; zero when it has room now. Records nothing.
    /// </summary>
    Task<TimeSpan> RetryAfterAsync(string key, int limit, TimeSpan window, CancellationToken ct);

    /// <summary>Forgets every attempt recorded under <paramref name="key"/>.</summary>
    Task ResetAsync(string key, CancellationToken ct);
}
