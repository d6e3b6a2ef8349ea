namespace FibroStore.SharedKernel.Web;

/// <summary>One public page for /sitemap.xml: its path on the store and, when known, when it last changed.</summary>
public sealed record SitemapEntry(string Path, DateTimeOffset? LastModified);

/// <summary>
/// A module's public pages for the sitemap (the shop, the information pages). The cached sitemap carries
/// <see cref="CacheTag"/>, so the module's own page evictions refresh it too.
/// </summary>
public interface ISitemapSource
{
    string CacheTag { get; }
    Task<IReadOnlyList<SitemapEntry>> GetEntriesAsync(CancellationToken ct);
}
