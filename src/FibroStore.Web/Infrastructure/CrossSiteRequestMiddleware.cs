namespace FibroStore.Web.Infrastructure;

/// <summary>
/// Refuses a form post (or any other unsafe request) that a page on another site made the browser send. Browsers say
/// where a request came from in <c>Sec-Fetch-Site</c> (or, older ones, <c>Origin</c>), and a page cannot forge either.
/// Only the store's own pages ("same-origin") and the person themselves ("none": a bookmark, the address bar) pass;
/// a sibling subdomain ("same-site") does not. A request with neither header (an old browser, a plain form with
/// scripts off in one, a server) passes: form tokens and SameSite cookies still stand for those.
/// </summary>
internal sealed class CrossSiteRequestMiddleware(RequestDelegate next, IConfiguration configuration)
{
    /// <summary>Server-to-server endpoints, protected by their own signatures: another site's name on them means nothing.</summary>
    private static readonly PathString[] ServerToServer =
    [
        "/webhooks/stripe",
        "/stripe-emulator/v1",
        // RFC 8058 one-click unsubscribes come from mail providers; the signed token in the path is their protection.
        "/subscribe/unsubscribe",
        "/replies/stop-notices",
    ];

    private readonly string? publicOrigin = Uri.TryCreate(configuration["Store:PublicUrl"], UriKind.Absolute, out var url)
        ? url.GetLeftPart(UriPartial.Authority)
        : null;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || Array.Exists(ServerToServer, request.Path.StartsWithSegments)
            || !IsCrossSite(request))
            return next(context);

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(
            "We did not act on this request because it was sent from another website. " +
            "If you meant to do this, go back to our site and try again from there.");
    }

    private bool IsCrossSite(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
            return fetchSite is not ("same-origin" or "none");
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return false;
        // "null" (a sandboxed frame, a redirect chain) names no origin at all, so it cannot be ours.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from))
            return true;
        return !string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
               && !string.Equals(from.GetLeftPart(UriPartial.Authority), publicOrigin, StringComparison.OrdinalIgnoreCase);
    }
}
