namespace FibroStore.Web.Infrastructure;

/// <summary>
/// Pages with someone's order, cart or staff work on them are never kept by a browser's back-forward cache, a shared
/// computer's disk or a proxy: they answer <c>Cache-Control: no-store</c>.
/// </summary>
internal sealed class NoStoreMiddleware(RequestDelegate next)
{
    private static readonly PathString[] Private = ["/staff", "/orders", "/account/orders", "/checkout", "/cart"];

    public Task InvokeAsync(HttpContext context)
    {
        if (Array.Exists(Private, context.Request.Path.StartsWithSegments))
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.Pragma = "no-cache";
                return Task.CompletedTask;
            });
        }
        return next(context);
    }
}
