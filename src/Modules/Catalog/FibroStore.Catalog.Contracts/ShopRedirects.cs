namespace FibroStore.Catalog.Contracts;

/// <summary>
/// An old shop address that leads to a product or category page: <paramref name="TargetPath"/> is where it leads now,
/// or null while that product is not on sale.
/// </summary>
public sealed record ShopRedirect(string FromPath, string? TargetPath, string Source, long Hits, DateTimeOffset? LastHitAt);

/// <summary>The shop's old addresses (WooCommerce's and those left by product slug changes), for the staff redirects manager.</summary>
public interface IShopRedirects
{
    /// <summary>The most used first; <paramref name="contains"/> filters on the old address.</summary>
    Task<IReadOnlyList<ShopRedirect>> ListAsync(string? contains, int limit, CancellationToken ct);

    /// <summary>The redirect from exactly <paramref name="fromPath"/> (stored form: lowercase, no trailing slash), if any.</summary>
    Task<ShopRedirect?> FindAsync(string fromPath, CancellationToken ct);

    /// <summary>Whether <paramref name="path"/> is a live shop page (a product on sale, a category).</summary>
    Task<bool> IsLivePageAsync(string path, CancellationToken ct);

    /// <summary>Removes the redirect and records who did it; false when there was none.</summary>
    Task<bool> RemoveAsync(string fromPath, string actorId, CancellationToken ct);
}
