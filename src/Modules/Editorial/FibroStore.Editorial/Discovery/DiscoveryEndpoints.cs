using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using FibroStore.BackOffice.Contracts;
using FibroStore.Editorial.Data;
using FibroStore.Editorial.Pages;
using FibroStore.Editorial.Rendering;
using FibroStore.Editorial.Replies;
using FibroStore.SharedKernel.Clustering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace FibroStore.Editorial.Discovery;

/// <summary>Feeds, sitemap and robots.txt: cached like pages, and evicted with the articles they list.</summary>
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
        if (categorySlug is not null)
        {
            var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == categorySlug, ct);
            if (category is null) return Results.NotFound();
            articles = articles.InCategory(category.Id);
            title = $"{settings.StoreName}: {category.Name}";
            link = ArticleUrls.Category(category.Slug);
        }
        var rows = await articles.OrderByDescending(a => a.PublishedAt).Take(FeedSize)
            .Select(a => new { a.Id, a.Title, a.Slug, a.Excerpt, a.PublishedAt, a.UpdatedAt, a.AuthorName, Category = a.Category.Name })
            .ToListAsync(ct);

        var feed = new SyndicationFeed(title, settings.Tagline, new Uri(PublicLinks.Absolute(configuration, link)))
        {
            Language = "en",
            LastUpdatedTime = rows.Count == 0 ? DateTimeOffset.UnixEpoch : rows.Max(r => r.UpdatedAt),
            Items = rows.Select(r =>
            {
                var url = new Uri(PublicLinks.Absolute(configuration, ArticleUrls.Article(r.Slug)));
                var item = new SyndicationItem(r.Title, r.Excerpt, url, url.ToString(), r.UpdatedAt) { PublishDate = r.PublishedAt!.Value };
                item.Authors.Add(new SyndicationPerson { Name = r.AuthorName });
                item.Categories.Add(new SyndicationCategory(r.Category));
                return item;
            }).ToList(),
        };
        var output = new MemoryStream();
        await using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true }))
        {
            new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
            await writer.FlushAsync();
        }
        return Results.Bytes(output.ToArray(), "application/rss+xml; charset=utf-8");
    }

    private static async Task<IResult> SitemapAsync(EditorialDbContext db, IConfiguration configuration, CancellationToken ct)
    {
        var articles = await db.Articles.AsNoTracking().Live().OrderByDescending(a => a.PublishedAt)
            .Select(a => new { a.Slug, a.UpdatedAt }).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking()
            .Where(c => db.Articles.Any(a => a.CategoryId == c.Id && a.Status == ArticleStatus.Published))
            .Select(c => c.Slug).ToListAsync(ct);
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
                if (modified is DateTimeOffset m) writer.WriteElementString("lastmod", ns, m.UtcDateTime.ToString("yyyy-MM-dd"));
                writer.WriteEndElement();
            }
            Url("/", articles.FirstOrDefault()?.UpdatedAt);
            Url("/articles", articles.FirstOrDefault()?.UpdatedAt);
            foreach (var a in articles) Url(ArticleUrls.Article(a.Slug), a.UpdatedAt);
            foreach (var c in categories) Url(ArticleUrls.Category(c), null);
            writer.WriteEndElement();
            await writer.FlushAsync();
        }
        return Results.Bytes(output.ToArray(), "application/xml; charset=utf-8");
    }
}
