using System.Xml;
using FibroStore.Editorial.Replies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace FibroStore.Editorial.Discovery;

/// <summary>Feeds, sitemap and robots.txt: cached like pages, and evicted with the articles, products and pages they list.</summary>
internal static class DiscoveryEndpoints
{
    public const int FeedSize = 20;

    public static void MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed.xml", (EditorialDbContext db, ISiteSettings settings, IConfiguration configuration, CancellationToken ct) =>
                FeedAsync(db, settings, configuration, null, ct))
            .AllowAnonymous().CacheOutput(p => p.Tag(PageCacheTags.All, EditorialCache.All));
        app.MapGet("/articles/category/{slug}/feed.xml", (string slug, EditorialDbContext db, ISiteSettings settings, IConfiguration configuration, CancellationToken ct) =>
                FeedAsync(db, settings, configuration, slug, ct))
            .AllowAnonymous().CacheOutput(p => p.Tag(PageCacheTags.All, EditorialCache.All));
        app.MapGet("/sitemap.xml", SitemapAsync)
            .AllowAnonymous().CacheOutput(p => p.Tag(PageCacheTags.All, EditorialCache.All));
        app.MapGet("/robots.txt", (IConfiguration configuration) => Results.Text(
                "User-agent: *\nDisallow: /staff\nDisallow: /articles/preview/\nDisallow: /cart\nDisallow: /checkout\nDisallow: /go/\n" +
                $"Sitemap: {PublicLinks.Absolute(configuration, "/sitemap.xml")}\n", "text/plain", Encoding.UTF8))
            .AllowAnonymous().CacheOutput(p => p.Tag(PageCacheTags.All));
        // The reply form's stamp: per visitor, so never cached.
        app.MapGet("/articles/reply-stamp", (FormStamp stamps, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { stamp = stamps.Issue() });
        }).AllowAnonymous();
    }

    private static async Task<IResult> FeedAsync(EditorialDbContext db, ISiteSettings siteSettings, IConfiguration configuration, string? categorySlug, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var articles = db.Articles.AsNoTracking().Live();
        var title = settings.StoreName;
        var link = "/articles";
        var self = "/feed.xml";
        if (categorySlug is not null)
        {
            var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == categorySlug, ct);
            if (category is null) return Results.NotFound();
            articles = articles.InCategory(category.Id);
            title = $"{settings.StoreName}: {category.Name}";
            link = ArticleUrls.Category(category.Slug);
            self = ArticleUrls.CategoryFeed(category.Slug);
        }
        var rows = await articles.OrderByDescending(a => a.PublishedAt).Take(FeedSize)
            .Select(a => new { a.Title, a.Slug, a.Excerpt, a.PublishedAt, a.UpdatedAt, a.AuthorName, Category = a.Category.Name })
            .ToListAsync(ct);

        // Written by hand rather than with System.ServiceModel.Syndication: its RSS writer ends UTC dates in the obsolete
        // "Z" zone and has no atom:link rel="self", both of which feed validators flag.
        var output = new MemoryStream();
        await using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("rss");
            writer.WriteAttributeString("version", "2.0");
            writer.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
            writer.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
            writer.WriteStartElement("channel");
            writer.WriteElementString("title", title);
            writer.WriteElementString("link", PublicLinks.Absolute(configuration, link));
            writer.WriteElementString("description", settings.Tagline);
            writer.WriteElementString("language", "en");
            if (rows.Count > 0) writer.WriteElementString("lastBuildDate", Rfc822(rows.Max(r => r.UpdatedAt)));
            writer.WriteStartElement("atom", "link", AtomNamespace);
            writer.WriteAttributeString("href", PublicLinks.Absolute(configuration, self));
            writer.WriteAttributeString("rel", "self");
            writer.WriteAttributeString("type", "application/rss+xml");
            writer.WriteEndElement();
            foreach (var r in rows)
            {
                var url = PublicLinks.Absolute(configuration, ArticleUrls.Article(r.Slug));
                writer.WriteStartElement("item");
                writer.WriteElementString("title", r.Title);
                writer.WriteElementString("link", url);
                writer.WriteStartElement("guid");
                writer.WriteAttributeString("isPermaLink", "true");
                writer.WriteString(url);
                writer.WriteEndElement();
                writer.WriteElementString("description", AtWordBoundary(r.Excerpt, FeedDescriptionLength));
                writer.WriteElementString("dc", "creator", DublinCoreNamespace, r.AuthorName);
                writer.WriteElementString("category", r.Category);
                writer.WriteElementString("pubDate", Rfc822(r.PublishedAt!.Value));
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
            await writer.FlushAsync();
        }
        return Results.Bytes(output.ToArray(), "application/rss+xml; charset=utf-8");
    }

    public const int FeedDescriptionLength = 300;
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    /// <summary>RFC 822 as RSS 2.0 wants it, with a numeric zone: "Tue, 01 Dec 2026 09:30:00 +0000".</summary>
    public static string Rfc822(DateTimeOffset at) =>
        at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>The text whole when it fits; otherwise cut at the last space before <paramref name="max"/>, with "…".</summary>
    public static string AtWordBoundary(string text, int max)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= max) return trimmed;
        var cut = trimmed.LastIndexOfAny([' ', '\n', '\t'], max - 1);
        var head = cut > 0 ? trimmed[..cut] : trimmed[..(max - 1)];
        return head.TrimEnd(' ', ',', ';', ':', '-', '–') + "…";
    }

    private static async Task<IResult> SitemapAsync(EditorialDbContext db, IEnumerable<ISitemapSource> sources, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        var articles = await db.Articles.AsNoTracking().Live().OrderByDescending(a => a.PublishedAt)
            .Select(a => new { a.Slug, a.UpdatedAt }).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking()
            .Where(c => db.Articles.Any(a => a.CategoryId == c.Id && a.Status == ArticleStatus.Published))
            .Select(c => c.Slug).ToListAsync(ct);
        var others = new List<SitemapEntry>();
        foreach (var source in sources)
        {
            others.AddRange(await source.GetEntriesAsync(ct));
            EditorialCache.Tag(http, [source.CacheTag]);
        }

        const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var output = new MemoryStream();
        await using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("urlset", ns);
            void Url(string path, DateTimeOffset? modified)
            {
                writer.WriteStartElement("url", ns);
                writer.WriteElementString("loc", ns, PublicLinks.Absolute(configuration, path));
                if (modified is DateTimeOffset m) writer.WriteElementString("lastmod", ns, m.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }
            Url("/", articles.FirstOrDefault()?.UpdatedAt);
            Url("/articles", articles.FirstOrDefault()?.UpdatedAt);
            foreach (var a in articles) Url(ArticleUrls.Article(a.Slug), a.UpdatedAt);
            foreach (var c in categories) Url(ArticleUrls.Category(c), null);
            foreach (var entry in others) Url(entry.Path, entry.LastModified);
            writer.WriteEndElement();
            await writer.FlushAsync();
        }
        return Results.Bytes(output.ToArray(), "application/xml; charset=utf-8");
    }
}
