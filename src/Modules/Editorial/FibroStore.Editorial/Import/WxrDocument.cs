using System.Xml;
using System.Xml.Linq;

namespace FibroStore.Editorial.Import;

internal sealed record WxrTerm(long Id, string Slug, string Name, string ParentSlug);

internal sealed record WxrAuthor(long Id, string Login, string DisplayName);

/// <summary>A media library item: its file, and the texts WordPress keeps with it.</summary>
internal sealed record WxrAttachment(long Id, long ParentId, int MenuOrder, string Url, string? File, string Title, string Alt, string Caption, string Link);

internal sealed record WxrComment(
    long Id, long ParentId, string Author, string Email, string? Url, DateTimeOffset? Date, string Content, string Approved, string Type);

/// <summary>A post or a page as WordPress exported it. Dates are UTC; WordPress writes a zero date for drafts.</summary>
internal sealed record WxrItem(
    long Id, string Type, string Status, string Title, string Slug, string Link, string Content, string Excerpt, string AuthorLogin,
    DateTimeOffset? Date, DateTimeOffset? Modified, long ParentId, string Password, bool CommentsClosed,
    IReadOnlyList<(string Slug, string Name)> Categories, IReadOnlyList<(string Slug, string Name)> Tags,
    long? ThumbnailId, IReadOnlyList<string> OldSlugs, IReadOnlyList<WxrComment> Comments);

/// <summary>What the first pass learns: the site, its people and terms, its media and reusable blocks, and the item counts.</summary>
internal sealed class WxrSite
{
    public string SiteKey { get; init; } = "";
    public IReadOnlySet<string> Hosts { get; init; } = new HashSet<string>();
    public Dictionary<string, WxrAuthor> Authors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, WxrTerm> Categories { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, WxrTerm> Tags { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, WxrAttachment> Attachments { get; } = [];
    public Dictionary<long, string> ReusableBlocks { get; } = [];
    /// <summary>Items that are neither posts, pages, attachments nor reusable blocks, by type (menus, templates, products…).</summary>
    public SortedDictionary<string, int> OtherItems { get; } = new(StringComparer.Ordinal);

    public IEnumerable<WxrAttachment> AttachmentsOf(long postId) =>
        Attachments.Values.Where(a => a.ParentId == postId).OrderBy(a => a.MenuOrder).ThenBy(a => a.Id);

    /// <summary>The category's path below /category/, through its parents ("health/sleep").</summary>
    public string CategoryPath(WxrTerm category)
    {
        var parts = new List<string> { category.Slug };
        var seen = new HashSet<string>(StringComparer.Ordinal) { category.Slug };
        for (var parent = category.ParentSlug; parent.Length > 0 && seen.Add(parent) && Categories.TryGetValue(parent, out var up); parent = up.ParentSlug)
            parts.Insert(0, up.Slug);
        return string.Join('/', parts);
    }
}

/// <summary>The refusal of a whole import, with a message written for the editor who uploaded the file.</summary>
internal sealed class WxrImportException(string message) : Exception(message);

/// <summary>
/// Reads a WordPress export (WXR 1.0 to 1.2) as a stream: one &lt;item&gt; at a time is held in memory, never the
/// whole file, so a large site imports in bounded memory. The file is read twice: <see cref="ScanAsync"/> collects
/// what items refer to (authors, terms, attachments, reusable blocks) and checks that the whole file is well-formed
/// before anything is written; <see cref="ItemsAsync"/> then yields the posts and pages. DTDs are refused (no entity
/// expansion, no external lookups), and nothing named inside the file is ever fetched.
/// </summary>
internal static partial class WxrDocument
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    public static async Task<WxrSite> ScanAsync(Stream stream, CancellationToken ct)
    {
        string? siteUrl = null, blogUrl = null, channelLink = null;
        var authors = new List<WxrAuthor>();
        var categories = new List<WxrTerm>();
        var tags = new List<WxrTerm>();
        var attachments = new List<WxrAttachment>();
        var blocks = new Dictionary<long, string>();
        var others = new SortedDictionary<string, int>(StringComparer.Ordinal);

        await foreach (var (element, wp) in ChannelElementsAsync(stream, ct))
        {
            XNamespace ns = wp;
            switch (element.Name.LocalName)
            {
                case "base_site_url" when element.Name.Namespace == ns: siteUrl = Text(element); break;
                case "base_blog_url" when element.Name.Namespace == ns: blogUrl = Text(element); break;
                case "link" when element.Name.Namespace == XNamespace.None: channelLink = Text(element); break;
                case "author" when element.Name.Namespace == ns:
                    var login = Text(element.Element(ns + "author_login"));
                    if (login.Length > 0)
                        authors.Add(new WxrAuthor(Long(element.Element(ns + "author_id")) ?? 0, login, Text(element.Element(ns + "author_display_name"))));
                    break;
                case "category" when element.Name.Namespace == ns:
                    categories.Add(new WxrTerm(Long(element.Element(ns + "term_id")) ?? 0, Text(element.Element(ns + "category_nicename")),
                        Text(element.Element(ns + "cat_name")), Text(element.Element(ns + "category_parent"))));
                    break;
                case "tag" when element.Name.Namespace == ns:
                    tags.Add(new WxrTerm(Long(element.Element(ns + "term_id")) ?? 0, Text(element.Element(ns + "tag_slug")),
                        Text(element.Element(ns + "tag_name")), ""));
                    break;
                case "item" when element.Name.Namespace == XNamespace.None:
                    var type = Text(element.Element(ns + "post_type"));
                    var id = Long(element.Element(ns + "post_id"));
                    if (type == "attachment" && id is long attachmentId)
                    {
                        var meta = Meta(element, ns);
                        attachments.Add(new WxrAttachment(attachmentId, Long(element.Element(ns + "post_parent")) ?? 0,
                            (int)(Long(element.Element(ns + "menu_order")) ?? 0), Text(element.Element(ns + "attachment_url")),
                            meta.TryGetValue("_wp_attached_file", out var file) ? file[0] : null, Text(element.Element("title")),
                            meta.TryGetValue("_wp_attachment_image_alt", out var alt) ? alt[0].Trim() : "", ExcerptOf(element).Trim(),
                            Text(element.Element("link"))));
                    }
                    else if (type == "wp_block" && id is long blockId)
                        blocks[blockId] = Text(element.Element(XName.Get("encoded", ContentNs)));
                    else if (type is not ("post" or "page"))
                        others[type.Length == 0 ? "(no type)" : type] = others.GetValueOrDefault(type.Length == 0 ? "(no type)" : type) + 1;
                    break;
            }
        }

        var site = (blogUrl ?? siteUrl ?? channelLink ?? "").Trim();
        var siteKey = site.TrimEnd('/').ToLowerInvariant();
        if (siteKey.Length == 0)
            throw new WxrImportException("The export does not say which site it came from (no base_site_url or link). Nothing was imported.");
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var url in new[] { siteUrl, blogUrl, channelLink })
            if (Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri))
            {
                hosts.Add(uri.Host);
                hosts.Add(uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : "www." + uri.Host);
            }

        var result = new WxrSite { SiteKey = siteKey, Hosts = hosts };
        foreach (var a in authors) result.Authors.TryAdd(a.Login, a);
        foreach (var c in categories.Where(c => c.Slug.Length > 0)) result.Categories.TryAdd(c.Slug, c);
        foreach (var t in tags.Where(t => t.Slug.Length > 0)) result.Tags.TryAdd(t.Slug, t);
        foreach (var a in attachments) result.Attachments.TryAdd(a.Id, a);
        foreach (var (id, content) in blocks) result.ReusableBlocks[id] = content;
        foreach (var (type, count) in others) result.OtherItems[type] = count;
        return result;
    }

    /// <summary>The posts and pages, in file order. The file was checked by <see cref="ScanAsync"/>.</summary>
    public static async IAsyncEnumerable<WxrItem> ItemsAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (element, wp) in ChannelElementsAsync(stream, ct))
        {
            if (element.Name != "item") continue;
            XNamespace ns = wp;
            var type = Text(element.Element(ns + "post_type"));
            if (type is not ("post" or "page")) continue;
            yield return ReadItem(element, ns, type);
        }
    }

    private static WxrItem ReadItem(XElement item, XNamespace ns, string type)
    {
        var title = Text(item.Element("title"));
        var id = Long(item.Element(ns + "post_id"))
            ?? throw new WxrImportException($"The {type} \"{Shorten(title)}\" has no valid post id. Nothing was imported.");
        var status = Text(item.Element(ns + "status"));
        var date = ParseDate(Text(item.Element(ns + "post_date_gmt")));
        // Only a published post must have a date; WordPress gives drafts a zero date (and a pubDate in 1970 or year -1).
        if (date is null && status is "publish" or "future")
        {
            date = ParsePubDate(Text(item.Element("pubDate")))
                ?? throw new WxrImportException($"The {type} \"{Shorten(title)}\" (id {id}) has no valid date. Nothing was imported.");
        }
        var meta = Meta(item, ns);
        var terms = item.Elements("category").Select(c => (Domain: (string?)c.Attribute("domain") ?? "", Slug: Clean((string?)c.Attribute("nicename") ?? "").Trim(), Name: Text(c)))
            .Where(c => c.Name.Length > 0 || c.Slug.Length > 0).ToList();
        var comments = item.Elements(ns + "comment").Select(c => new WxrComment(
            Long(c.Element(ns + "comment_id")) ?? throw new WxrImportException($"A comment on \"{Shorten(title)}\" has no valid id. Nothing was imported."),
            Long(c.Element(ns + "comment_parent")) ?? 0,
            Text(c.Element(ns + "comment_author")), Text(c.Element(ns + "comment_author_email")),
            Text(c.Element(ns + "comment_author_url")) is { Length: > 0 } url ? url : null,
            ParseDate(Text(c.Element(ns + "comment_date_gmt"))),
            Clean((string?)c.Element(ns + "comment_content") ?? ""),
            Text(c.Element(ns + "comment_approved")), Text(c.Element(ns + "comment_type")))).ToList();
        return new WxrItem(id, type, status, title, Text(item.Element(ns + "post_name")), Text(item.Element("link")),
            Clean((string?)item.Element(XName.Get("encoded", ContentNs)) ?? ""), ExcerptOf(item),
            Text(item.Element(XName.Get("creator", DcNs))), date, ParseDate(Text(item.Element(ns + "post_modified_gmt"))),
            Long(item.Element(ns + "post_parent")) ?? 0, Text(item.Element(ns + "post_password")), Text(item.Element(ns + "comment_status")) == "closed",
            terms.Where(t => t.Domain == "category").Select(t => (t.Slug, t.Name)).ToList(),
            terms.Where(t => t.Domain == "post_tag").Select(t => (t.Slug, t.Name)).ToList(),
            meta.TryGetValue("_thumbnail_id", out var thumb) && long.TryParse(thumb[0], NumberStyles.None, CultureInfo.InvariantCulture, out var thumbId) && thumbId > 0 ? thumbId : null,
            meta.TryGetValue("_wp_old_slug", out var old) ? old.Where(o => o.Length > 0).ToList() : [],
            comments);
    }

    /// <summary>
    /// The children of &lt;channel&gt;, one at a time, each with the export namespace of the file. Each element is
    /// read in full (an item with its comments), then dropped by the caller before the next one is read.
    /// </summary>
    private static async IAsyncEnumerable<(XElement Element, string Wp)> ChannelElementsAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        stream.Position = 0;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            // Character references to control characters (&#x1;) are dropped by Clean instead of refusing the file.
            CheckCharacters = false,
            Async = true,
        };
        // WordPress writes its exports in UTF-8; the filter leaves out characters XML forbids (see XmlCharacterFilter).
        using var text = new XmlCharacterFilter(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true));
        using var reader = XmlReader.Create(text, settings);
        var cursor = new Cursor();
        while (await NextAsync(reader, cursor, ct) is { } element)
            yield return (element, cursor.Wp!);
        if (cursor.Wp is null) throw NotWxr();
    }

    private sealed class Cursor
    {
        public string? Wp;
        public bool InChannel;
    }

    private static async Task<XElement?> NextAsync(XmlReader reader, Cursor cursor, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (cursor.InChannel && reader.NodeType == XmlNodeType.Element && reader.Depth == 2)
                    return (XElement)await XNode.ReadFromAsync(reader, ct);
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 1)
                    cursor.InChannel = false;
                if (!await reader.ReadAsync()) return null;
                if (reader.NodeType != XmlNodeType.Element || cursor.InChannel) continue;
                if (reader.Depth == 0)
                {
                    if (reader.LocalName != "rss") throw NotWxr();
                    cursor.Wp = ExportNamespace(reader);
                }
                else if (reader.Depth == 1 && reader.LocalName == "channel" && !reader.IsEmptyElement)
                {
                    cursor.InChannel = true;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new WxrImportException($"This file is not valid XML, so it cannot be a WordPress export (line {ex.LineNumber}: {ex.Message}). Nothing was imported.");
        }
    }

    private static WxrImportException NotWxr() =>
        new("This file is not a WordPress export (WXR): it has no WordPress export namespace. In WordPress, use Tools → Export → All content. Nothing was imported.");

    /// <summary>The export namespace is "http://wordpress.org/export/1.x/"; the excerpt namespace shares its start, so the whole form is matched.</summary>
    private static string ExportNamespace(XmlReader reader)
    {
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.Prefix == "xmlns" && ExportNamespacePattern().IsMatch(reader.Value))
                {
                    var value = reader.Value;
                    reader.MoveToElement();
                    return value;
                }
            } while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        throw NotWxr();
    }

    private static Dictionary<string, List<string>> Meta(XElement item, XNamespace ns)
    {
        var meta = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var m in item.Elements(ns + "postmeta"))
        {
            var key = Text(m.Element(ns + "meta_key"));
            if (key is not ("_thumbnail_id" or "_wp_old_slug" or "_wp_attached_file" or "_wp_attachment_image_alt")) continue;
            if (!meta.TryGetValue(key, out var values)) meta[key] = values = [];
            values.Add(Text(m.Element(ns + "meta_value")));
        }
        return meta;
    }

    /// <summary>The excerpt lives in its own namespace ("…/export/1.2/excerpt/"), whatever the version.</summary>
    private static string ExcerptOf(XElement item) =>
        Clean((string?)item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && e.Name.NamespaceName != ContentNs) ?? "");

    private static string Text(XElement? element) => element is null ? "" : Clean(element.Value).Trim();

    private static long? Long(XElement? element) =>
        long.TryParse(Text(element), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>PostgreSQL text cannot hold NUL, and no page wants the other control characters.</summary>
    public static string Clean(string text)
    {
        var bad = -1;
        for (var i = 0; i < text.Length; i++)
            if (IsBad(text[i])) { bad = i; break; }
        if (bad < 0) return text;
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, bad);
        for (var i = bad; i < text.Length; i++)
            if (!IsBad(text[i])) builder.Append(text[i]);
        return builder.ToString();

        static bool IsBad(char c) => c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF';
    }

    private static DateTimeOffset? ParseDate(string gmt) =>
        gmt.Length > 0 && !gmt.StartsWith("0000", StringComparison.Ordinal)
        && DateTime.TryParseExact(gmt, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero) : null;

    private static DateTimeOffset? ParsePubDate(string rfc822) =>
        rfc822.Length > 0 && DateTimeOffset.TryParse(rfc822, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) && parsed.Year > 1970
            ? parsed.ToUniversalTime() : null;

    [GeneratedRegex(@"^http://wordpress\.org/export/\d+\.\d+/$")]
    private static partial Regex ExportNamespacePattern();

    public static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
