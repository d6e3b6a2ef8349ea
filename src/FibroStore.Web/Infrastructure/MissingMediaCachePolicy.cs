using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// A <c>/media/…</c> address that has no file is remembered as missing for a minute, so asking for it again and
/// again (a broken image on a popular page, or someone trying addresses) does not reach the database each time.
/// Files that exist are not kept here: browsers and proxies keep them, by their immutable cache headers.
/// Stored paths carry a hash of their content and are written before any page links to them, so a path that
/// was missing a moment ago is not expected to appear.
/// </summary>
internal sealed class MissingMediaCachePolicy : IOutputCachePolicy
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var method = context.HttpContext.Request.Method;
        var cacheable = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.AllowCacheStorage = context.HttpContext.Response.StatusCode == StatusCodes.Status404NotFound;
        return ValueTask.CompletedTask;
    }
}
