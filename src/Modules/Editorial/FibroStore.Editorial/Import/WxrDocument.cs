using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace FibroStore.Editorial.Import;

internal sealed record WxrComment(long Id, long ParentId, string Author, string Email, string? Url, DateTimeOffset Date, string Content);

internal sealed record WxrPost(
    long Id, string Title, string Slug, string Link, string Content, string Excerpt, string AuthorLogin, DateTimeOffset Date, bool Published,
    IReadOnlyList<(string Slug, string Name)> Categories, IReadOnlyList<(string Slug, string Name)> Tags, IReadOnlyList<WxrComment> Comments);

/// <summary>The refusal of a whole import, with a message written for the editor who uploaded the file.</summary>
internal sealed class WxrImportException(string message) : Exception(message);

/// <summary>
/// Reads a WordPress export (WXR, versions 1.0 to 1.2). Everything is read and checked before anything is
/// written, so a malformed file changes nothing. DTDs are refused (no entity expansion, no external lookups).
/// </summary>
internal static partial class WxrDocument
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public sealed record Parsed(string SiteKey, IReadOnlyDictionary<string, string> AuthorNames, IReadOnlyList<WxrPost> Posts, int SkippedItems);

    public static Parsed Read(Stream stream)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = 200_000_000,
            });
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new WxrImportException($"This file is not valid XML, so it cannot be a WordPress export (line {ex.LineNumber}: {ex.Message}). Nothing was imported.");
        }

        var channel = document.Root?.Name.LocalName == "rss" ? document.Root.Element("channel") : null;
        // The export namespace is "http://wordpress.org/export/1.x/"; its excerpt namespace shares the prefix, so match the whole form.
        var wp = document.Root?.Attributes().Where(a => a.IsNamespaceDeclaration)
            .Select(a => a.Value).FirstOrDefault(v => ExportNamespace().IsMatch(v));
        if (channel is null || wp is null)
            throw new WxrImportException("This file is not a WordPress export (WXR): it has no WordPress export namespace. In WordPress, use Tools → Export → All content. Nothing was imported.");
        XNamespace ns = wp;

        var site = (string?)channel.Element(ns + "base_blog_url") ?? (string?)channel.Element(ns + "base_site_url") ?? (string?)channel.Element("link") ?? "";
        var siteKey = site.Trim().TrimEnd('/').ToLowerInvariant();
        if (siteKey.Length == 0)
            throw new WxrImportException("The export does not say which site it came from (no base_site_url or link). Nothing was imported.");

        var authors = channel.Elements(ns + "author")
            .Select(a => (Login: ((string?)a.Element(ns + "author_login") ?? "").Trim(), Name: ((string?)a.Element(ns + "author_display_name") ?? "").Trim()))
            .Where(a => a.Login.Length > 0)
            .GroupBy(a => a.Login).ToDictionary(g => g.Key, g => g.First().Name.Length > 0 ? g.First().Name : g.Key);

        var posts = new List<WxrPost>();
        var skipped = 0;
        foreach (var item in channel.Elements("item"))
        {
            var type = (string?)item.Element(ns + "post_type");
            var status = (string?)item.Element(ns + "status");
            if (type != "post" || status is not ("publish" or "draft" or "pending" or "future" or "private"))
            {
                skipped++;
                continue;
            }
            var title = ((string?)item.Element("title") ?? "").Trim();
            var idText = (string?)item.Element(ns + "post_id");
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new WxrImportException($"The post \"{Shorten(title)}\" has no valid post id. Nothing was imported.");
            var date = ParseDate((string?)item.Element(ns + "post_date_gmt"), (string?)item.Element("pubDate"))
                ?? (status == "publish"
                    ? throw new WxrImportException($"The post \"{Shorten(title)}\" (id {id}) has no valid date. Nothing was imported.")
                    : DateTimeOffset.UnixEpoch);
            var categories = item.Elements("category").Where(c => (string?)c.Attribute("domain") == "category")
                .Select(c => (Slug: (string?)c.Attribute("nicename") ?? "", Name: c.Value.Trim())).Where(c => c.Name.Length > 0).ToList();
            var tags = item.Elements("category").Where(c => (string?)c.Attribute("domain") == "post_tag")
                .Select(c => (Slug: (string?)c.Attribute("nicename") ?? "", Name: c.Value.Trim())).Where(c => c.Name.Length > 0).ToList();
            var comments = item.Elements(ns + "comment")
                .Where(c => (string?)c.Element(ns + "comment_approved") == "1"
                            && ((string?)c.Element(ns + "comment_type") is null or "" or "comment"))
                .Select(c => new WxrComment(
                    long.TryParse((string?)c.Element(ns + "comment_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var cid)
                        ? cid : throw new WxrImportException($"A reply on \"{Shorten(title)}\" has no valid id. Nothing was imported."),
                    long.TryParse((string?)c.Element(ns + "comment_parent"), NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : 0,
                    ((string?)c.Element(ns + "comment_author") ?? "").Trim(),
                    ((string?)c.Element(ns + "comment_author_email") ?? "").Trim(),
                    ((string?)c.Element(ns + "comment_author_url"))?.Trim() is { Length: > 0 } url ? url : null,
                    ParseDate((string?)c.Element(ns + "comment_date_gmt"), null) ?? date,
                    (string?)c.Element(ns + "comment_content") ?? ""))
                .ToList();
            posts.Add(new WxrPost(id, title, ((string?)item.Element(ns + "post_name") ?? "").Trim(), ((string?)item.Element("link") ?? "").Trim(),
                (string?)item.Element(Content + "encoded") ?? "", (string?)item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && e.Name.Namespace != Content) ?? "",
                ((string?)item.Element(Dc + "creator") ?? "").Trim(), date, status == "publish", categories, tags, comments));
        }
        return new Parsed(siteKey, authors, posts, skipped);
    }

    private static DateTimeOffset? ParseDate(string? gmt, string? rfc822)
    {
        if (gmt is { Length: > 0 } && gmt != "0000-00-00 00:00:00"
            && DateTime.TryParseExact(gmt, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return new DateTimeOffset(parsed, TimeSpan.Zero);
        if (rfc822 is { Length: > 0 } && DateTimeOffset.TryParse(rfc822, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var fallback))
            return fallback.ToUniversalTime();
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^http://wordpress\.org/export/\d+\.\d+/$")]
    private static partial System.Text.RegularExpressions.Regex ExportNamespace();

    public static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
