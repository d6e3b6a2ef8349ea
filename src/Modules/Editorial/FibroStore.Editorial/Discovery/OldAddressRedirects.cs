using FibroStore.Editorial.Data;
using FibroStore.Editorial.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.Editorial.Discovery;

/// <summary>
/// A page that would be a 404 but used to be an article (an older slug, a WordPress permalink) answers with a
/// permanent redirect to where the article lives now. Only misses pay for the lookup.
/// </summary>
internal sealed class OldAddressRedirects(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound || context.Response.HasStarted
            || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            return;
        var path = Normalize(context.Request.Path.Value);
        if (path is null) return;
        var db = context.RequestServices.GetRequiredService<EditorialDbContext>();
        var target = await db.Redirects.AsNoTracking().Where(r => r.FromPath == path)
            .Join(db.Articles.Where(a => a.Status == ArticleStatus.Published), r => r.ArticleId, a => a.Id, (r, a) => a.Slug)
            .FirstOrDefaultAsync(context.RequestAborted);
        if (target is null) return;
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = ArticleUrls.Article(target);
    }

    /// <summary>Stored paths are lowercase, without a trailing slash or query string.</summary>
    public static string? Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 400) return null;
        var trimmed = path.TrimEnd('/').ToLowerInvariant();
        return trimmed.Length == 0 ? null : trimmed;
    }
}
