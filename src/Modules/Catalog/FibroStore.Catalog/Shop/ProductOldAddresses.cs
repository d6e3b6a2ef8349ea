using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.Catalog.Shop;

/// <summary>
/// A shop address that would be a 404 but was a product or category page of the old shop answers with a permanent
/// redirect to its page here ("/product/lavender-wrap/" → "/products/lavender-wrap"). Only misses pay for the lookup,
/// and only under the old shop's prefixes.
/// </summary>
internal sealed partial class ProductOldAddresses(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound || context.Response.HasStarted
            || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            return;
        var path = ProductRedirect.Normalize(context.Request.Path.Value);
        if (path is null || !OldShopPath().IsMatch(path)) return;
        var target = await ResolveAsync(context.RequestServices.GetRequiredService<CatalogDbContext>(), path, context.RequestAborted);
        if (target is null) return;
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.CacheControl = "public, max-age=3600";
        context.Response.Headers.Location = target;
    }

    /// <summary>Where an old shop path leads now; null when it leads nowhere (unknown, or the product is not on sale).</summary>
    public static async Task<string?> ResolveAsync(CatalogDbContext db, string path, CancellationToken ct)
    {
        // A category's later pages ("/product-category/heat/page/2") lead to the same page of its list here.
        var page = 1;
        if (PageSuffix().Match(path) is { Success: true } paged)
        {
            page = int.Parse(paged.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            path = path[..paged.Index];
        }
        var row = await db.Redirects.AsNoTracking().Where(r => r.FromPath == path)
            .Select(r => new
            {
                Product = db.Products.Where(p => p.Id == r.ProductId && p.Status == ProductStatus.Active).Select(p => p.Slug).FirstOrDefault(),
                Category = db.Categories.Where(c => c.Id == r.CategoryId).Select(c => c.Slug).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        var target = row?.Product is { } product ? page == 1 ? ProductCards.UrlFor(product) : null
            : row?.Category is { } category ? $"/shop/category/{category}" + (page > 1 ? $"?p={page}" : "")
            : null;
        if (target is not null)
            // Counted only when served: one UPDATE on a path that was a miss anyway.
            await db.Redirects.Where(r => r.FromPath == path)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Hits, r => r.Hits + 1).SetProperty(r => r.LastHitAt, DateTimeOffset.UtcNow), ct);
        return target;
    }

    [GeneratedRegex(@"^/(?:product|product-category|products)/")]
    private static partial Regex OldShopPath();

    [GeneratedRegex(@"/page/(?<n>[1-9]\d{0,3})$")]
    private static partial Regex PageSuffix();
}
