using FibroStore.SharedKernel.Results;

namespace FibroStore.Catalog.Contracts;

/// <summary>
/// An old shop address that leads to a product or category page: <paramref name="TargetPath"/> is where it leads now,
/// or null while that product is not on sale.
/// </summary>
public sealed record ShopRedirect(string FromPath, string? TargetPath, string Source, long Hits, DateTimeOffset? LastHitAt);

/// <summary>The shop's old addresses (WooCommerce's and those left by product slug changes), for the staff redirects manager.</summary>
public interface IShopRedirects
{
    /// <summary>
    /// The first <paramref name="limit"/>, the most used first, then by old address in PostgreSQL's "C" collation (so
    /// another list can be merged with this one page by page). <paramref name="contains"/>: text the old or the new
    /// address contains, ignoring case, taken literally (LIKE's wildcards included); null for every redirect.
    /// </summary>
    Task<IReadOnlyList<ShopRedirect>> ListAsync(string? contains, int limit, CancellationToken ct);

    /// <summary>How many redirects <see cref="ListAsync"/> would list without a limit.</summary>
    Task<int> CountAsync(string? contains, CancellationToken ct);

    /// <summary>The redirect from exactly <paramref name="fromPath"/> (stored form: lowercase, no trailing slash), if any.</summary>
    Task<ShopRedirect?> FindAsync(string fromPath, CancellationToken ct);

    /// <summary>Whether <paramref name="path"/> is a live shop page (a product on sale, a category).</summary>
    Task<bool> IsLivePageAsync(string path, CancellationToken ct);

    /// <summary>Removes the redirect and records who did it; refused (not found) when there was none.</summary>
    Task<Outcome> RemoveAsync(string fromPath, string actorId, CancellationToken ct);
}
