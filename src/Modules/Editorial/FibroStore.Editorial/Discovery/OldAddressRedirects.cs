using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.Editorial.Discovery;

/// <summary>
/// A page that would be a 404 but used to be something (an older slug, a WordPress permalink or page) answers with a
/// permanent redirect to where it lives now, or 410 Gone. Only misses pay for the lookup.
/// </summary>
internal sealed class OldAddressRedirects(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound || context.Response.HasStarted
            || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            return;
        var path = OldAddresses.Normalize(context.Request.Path.Value);
        if (path is null) return;
        var zone = (await context.RequestServices.GetRequiredService<ISiteSettings>().GetAsync(context.RequestAborted)).TimeZone;
        var answer = await OldAddresses.ResolveAsync(context.RequestServices.GetRequiredService<EditorialDbContext>(), path, zone, context.RequestAborted);
        if (answer is null) return;
        context.Response.Clear();
        await WordPressAddresses.AnswerAsync(context, answer);
    }
}

/// <summary>
/// Addresses only the old WordPress site had, answered before anything else runs: WordPress's plain links
/// ("/?p=12", "/index.php?page_id=7", which would otherwise show the home page, from the output cache too), and
/// paths no page of the store can have (uploads, feeds, category, tag and author lists, date archives, *.php).
/// Any other request goes on untouched, without a database lookup.
/// </summary>
internal sealed partial class WordPressAddresses(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            await next(context);
            return;
        }
        var rawPath = request.Path.Value ?? "/";
        OldAddressAnswer? answer = null;
        if (rawPath is "/" or "/index.php")
        {
            var key = request.QueryString.HasValue
                ? OldAddresses.PlainQuery(rawPath, request.Query.Select(q => (q.Key, q.Value.ToString())))
                : null;
            if (key is not null)
                answer = await OldAddresses.ResolveQueryAsync(Db(context), key, await ZoneAsync(context), context.RequestAborted);
            // /index.php was WordPress's own front door; here it is the home page.
            if (answer is null && rawPath == "/index.php") answer = OldAddressAnswer.MovedTo("/");
        }
        else if (OldAddresses.Normalize(rawPath) is { } path && WordPressOnly().IsMatch(path))
        {
            answer = await OldAddresses.ResolveAsync(Db(context), path, await ZoneAsync(context), context.RequestAborted);
        }
        if (answer is null)
        {
            await next(context);
            return;
        }
        await AnswerAsync(context, answer);
    }

    internal static async Task AnswerAsync(HttpContext context, OldAddressAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.Headers.CacheControl = "public, max-age=3600";
        if (answer.Location is not null)
        {
            context.Response.Headers.Location = answer.Location;
            return;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.WriteAsync("This address belonged to the old site and has been removed on purpose. The home page is at /.\n", context.RequestAborted);
    }

    private static EditorialDbContext Db(HttpContext context) => context.RequestServices.GetRequiredService<EditorialDbContext>();

    private static async Task<TimeZoneInfo> ZoneAsync(HttpContext context) =>
        (await context.RequestServices.GetRequiredService<ISiteSettings>().GetAsync(context.RequestAborted)).TimeZone;

    // Paths that are WordPress's and never the store's: its folders, its list prefixes, feeds, pagination, date
    // archives and script files.
    [GeneratedRegex(@"^(?:/wp-content/.*|/(?:category|tag|author)/.+|.*/(?:feed|rdf|rss|rss2|atom)(?:/[a-z0-9-]*)?|.*/page/\d{1,4}|/(?:19|20)\d{2}(?:/\d{2}){0,2}|.*\.(?:php|html?))$")]
    private static partial Regex WordPressOnly();
}

/// <summary>Puts <see cref="WordPressAddresses"/> in front of the host's pipeline, ahead of the output cache and sign-in.</summary>
internal sealed class WordPressAddressesStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<WordPressAddresses>();
        next(app);
    };
}
