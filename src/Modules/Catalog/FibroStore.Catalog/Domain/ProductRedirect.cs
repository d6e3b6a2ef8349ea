namespace FibroStore.Catalog.Domain;

internal static class ProductRedirectSources
{
    public const string WooCommerceProduct = "woocommerce-product";
    public const string WooCommerceCategory = "woocommerce-category";
    public const string ProductSlug = "product-slug";
}

/// <summary>
/// An old address of a product or category (WooCommerce's /product/… and /product-category/…, or a product's
/// /products/… before its slug changed) that leads to its page
/// here. It names the product or category, not a path, so a later change of slug is followed.
/// Paths are stored lowercase without a trailing slash, as the old-address middleware looks them up.
/// </summary>
internal sealed class ProductRedirect
{
    public const int PathLength = 500;

    public string FromPath { get; set; } = "";
    public Guid? ProductId { get; set; }
    public Guid? CategoryId { get; set; }
    public string Source { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>How often the redirect was followed, and when last: staff see which old addresses still matter.</summary>
    public long Hits { get; set; }
    public DateTimeOffset? LastHitAt { get; set; }

    /// <summary>A request path as stored: lowercase, without a trailing slash; null for the root or an unusable path.</summary>
    public static string? Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > PathLength) return null;
        var trimmed = path.TrimEnd('/').ToLowerInvariant();
        return trimmed.Length == 0 || trimmed[0] != '/' ? null : trimmed;
    }
}
