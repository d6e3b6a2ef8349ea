using FibroStore.SharedKernel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace FibroStore.Editorial.Readership;

/// <summary>
/// Counts a view for every article page answered with 200, whether the page was rendered or came from the output
/// cache: it runs outside the whole pipeline (see <see cref="ArticleViewCountingStartup"/>), so it sees cached answers
/// too. It keeps no cookie, address or anything else about the reader, and leaves robots out.
/// </summary>
internal sealed class ArticleViewCounting(RequestDelegate next, ReadershipCounter counter, ISiteSettings settings, TimeProvider clock)
{
    private const string Prefix = "/articles/";

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!HttpMethods.IsGet(context.Request.Method) || context.Response.StatusCode != StatusCodes.Status200OK
            || context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
            return;
        var slug = ArticleSlug(context.Request.Path.Value);
        if (slug is null || Readers.IsRobot(context.Request.Headers.UserAgent.ToString()))
            return;
        var zone = (await settings.GetAsync(context.RequestAborted)).TimeZone;
        counter.CountView(slug, ZonedTime.DayOf(clock.GetUtcNow(), zone));
    }

    /// <summary>The slug of /articles/{slug}; lists (/articles/category/…) have more segments and are not articles.</summary>
    internal static string? ArticleSlug(string? path)
    {
        if (path is null || !path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var slug = path[Prefix.Length..].TrimEnd('/');
        return slug.Length is 0 or > 200 || slug.Contains('/', StringComparison.Ordinal) ? null : slug.ToLowerInvariant();
    }
}

/// <summary>Puts <see cref="ArticleViewCounting"/> in front of the host's pipeline, ahead of the output cache.</summary>
internal sealed class ArticleViewCountingStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ArticleViewCounting>();
        next(app);
    };
}

internal static class Readers
{
    /// <summary>Crawlers announce themselves in the user agent; they are not readers.</summary>
    public static bool IsRobot(string userAgent) =>
        userAgent.Contains("bot", StringComparison.OrdinalIgnoreCase)
        || userAgent.Contains("crawl", StringComparison.OrdinalIgnoreCase)
        || userAgent.Contains("spider", StringComparison.OrdinalIgnoreCase);
}
