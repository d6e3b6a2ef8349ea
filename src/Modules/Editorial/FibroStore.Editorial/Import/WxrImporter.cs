using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FibroStore.BackOffice.Contracts;
using FibroStore.Editorial.Data;
using FibroStore.Editorial.Data.Configurations;
using FibroStore.Editorial.Discovery;
using FibroStore.Editorial.Publishing;
using FibroStore.Editorial.Rendering;
using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Files;
using FibroStore.SharedKernel.Markdown;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Editorial.Import;

internal sealed record ImportReport(
    int ArticlesImported, int ArticlesAlreadyThere, int RepliesImported, int Redirects, int ItemsSkipped,
    int ImagesStored, IReadOnlyList<string> ImagesMissing);

/// <summary>
/// Brings a WordPress site's posts, categories, tags, authors, approved replies (threaded) and permalinks into the
/// store, in one transaction. Posts and replies remember their WordPress ids, so importing the same file again
/// adds nothing. Imported posts never email subscribers.
/// </summary>
internal sealed partial class WxrImporter(
    EditorialDbContext db,
    ArticleRenderer renderer,
    IMarkdownRenderer sanitizer,
    IFileStorage files,
    IPageCache cache,
    TimeProvider clock)
{
    private const long MaxImageBytes = 20 * 1024 * 1024;
    private const long MaxUploadsBytes = 1024L * 1024 * 1024;

    public async Task<ImportReport> ImportAsync(Stream wxr, Stream? uploadsZip, string actorId, CancellationToken ct)
    {
        var parsed = WxrDocument.Read(wxr);
        var now = clock.GetUtcNow();
        using var uploads = uploadsZip is null ? null : OpenZip(uploadsZip);

        var keys = parsed.Posts.Select(p => PostKey(parsed.SiteKey, p.Id)).ToList();
        var existingKeys = (await db.Articles.Where(a => a.ImportKey != null && keys.Contains(a.ImportKey)).Select(a => a.ImportKey!).ToListAsync(ct)).ToHashSet();
        var newPosts = parsed.Posts.Where(p => !existingKeys.Contains(PostKey(parsed.SiteKey, p.Id))).ToList();

        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, ct);
        var tags = await db.Tags.ToDictionaryAsync(t => t.Slug, ct);
        var takenSlugs = (await db.Articles.Select(a => a.Slug).ToListAsync(ct)).ToHashSet();
        var takenPaths = (await db.Redirects.Select(r => r.FromPath).ToListAsync(ct)).ToHashSet();
        var storedImages = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        int replies = 0, redirects = 0;

        foreach (var post in newPosts)
        {
            var html = await LocalImagesAsync(AutoParagraph(StripCaptions(post.Content)), uploads, storedImages, missing, ct);
            var rendered = renderer.RenderHtml(html, "");
            var title = Clip(WebUtility.HtmlDecode(post.Title) is { Length: > 0 } t ? t : "Untitled", Limits.Title);
            var slug = UniqueSlug(Slugs.From(Uri.UnescapeDataString(post.Slug)) is { Length: > 0 } s ? s : Slugs.From(title) is { Length: > 0 } fromTitle ? fromTitle : $"post-{post.Id}", takenSlugs);
            var excerptSource = post.Excerpt.Trim().Length > 0 ? sanitizer.ToPlainText(sanitizer.Sanitize(post.Excerpt)) : rendered.Text;
            var author = Clip(parsed.AuthorNames.TryGetValue(post.AuthorLogin, out var name) ? name : post.AuthorLogin is { Length: > 0 } login ? login : "Editor", Limits.Name);
            var category = post.Categories.FirstOrDefault() is { Name.Length: > 0 } first ? first : ("general", "General");
            var article = new Article
            {
                Id = Guid.NewGuid(), Slug = slug, Title = title, Excerpt = Clip(StripTags(excerptSource), Limits.Excerpt),
                // The stored "Markdown" of an imported post is its sanitized HTML: Markdown passes HTML through, so the editor can keep working on it.
                Markdown = rendered.Html, BodyHtml = rendered.Html, BodyText = rendered.Text, TocJson = rendered.TocJson,
                ProductSlugs = [.. rendered.ProductSlugs], ReadingMinutes = rendered.ReadingMinutes,
                Category = CategoryFor(category, categories), AuthorName = author, AuthorSlug = Slugs.From(author) is { Length: > 0 } a ? a : "editor",
                Tags = post.Tags.Select(t => TagFor(t, tags)).DistinctBy(t => t.Slug).ToList(),
                Status = ArticleStatus.Draft, CreatedAt = post.Date, UpdatedAt = now, ImportKey = PostKey(parsed.SiteKey, post.Id),
                PreviewToken = Token(), ShowDisclaimer = true,
            };
            db.Articles.Add(article);
            if (post.Published)
            {
                article.PublishedAt = post.Date;
                ArticlePublishing.Publish(db, article, post.Date, imported: true);
            }
            db.Revisions.Add(new ArticleRevision
            {
                Id = Guid.NewGuid(), ArticleId = article.Id, Number = 1, SavedAt = now, SavedBy = actorId,
                Title = article.Title, Slug = article.Slug, Excerpt = article.Excerpt, Markdown = article.Markdown, References = "",
            });

            if (Uri.TryCreate(post.Link, UriKind.Absolute, out var link) && OldAddressRedirects.Normalize(link.AbsolutePath) is { } oldPath
                && oldPath != $"/articles/{slug}" && takenPaths.Add(oldPath))
            {
                db.Redirects.Add(new ArticleRedirect { FromPath = oldPath, ArticleId = article.Id });
                redirects++;
            }
            replies += AddReplies(parsed.SiteKey, post, article.Id);
        }

        AuditTrail.Record(db, now, actorId, AuditAreas.Editorial, "wordpress.imported", "Import", parsed.SiteKey, null,
            new { Articles = newPosts.Count, Replies = replies, Redirects = redirects });
        await db.SaveChangesAsync(ct);
        if (newPosts.Count > 0) await cache.EvictArticlesAsync(ct);
        return new ImportReport(newPosts.Count, parsed.Posts.Count - newPosts.Count, replies, redirects, parsed.SkippedItems, storedImages.Count, missing.ToList());
    }

    private int AddReplies(string siteKey, WxrPost post, Guid articleId)
    {
        var ids = post.Comments.ToDictionary(c => c.Id, _ => Guid.NewGuid());
        foreach (var comment in post.Comments.OrderBy(c => c.Date))
        {
            var text = comment.Content.Trim();
            db.Replies.Add(new Reply
            {
                Id = ids[comment.Id], ArticleId = articleId,
                ParentId = comment.ParentId != 0 && ids.TryGetValue(comment.ParentId, out var parent) ? parent : null,
                AuthorName = Clip(comment.Author.Length > 0 ? WebUtility.HtmlDecode(comment.Author) : "Anonymous", Limits.Name),
                Email = Clip(comment.Email, Limits.Email),
                Website = comment.Url is { } url && url.Length <= Limits.Url && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ? url : null,
                Body = Clip(StripTags(text), Limits.ReplyBody * 4),
                BodyHtml = sanitizer.Sanitize(AutoParagraph(text)),
                Status = ReplyStatus.Approved, CreatedAt = comment.Date, ApprovedAt = comment.Date,
                NotifyToken = Token(), ImportKey = $"{siteKey}:comment:{comment.Id}",
            });
        }
        return post.Comments.Count;
    }

    private Category CategoryFor((string Slug, string Name) wanted, Dictionary<string, Category> categories)
    {
        var name = Clip(WebUtility.HtmlDecode(wanted.Name), Limits.Name);
        var slug = Slugs.From(Uri.UnescapeDataString(wanted.Slug)) is { Length: > 0 } s ? s : Slugs.From(name) is { Length: > 0 } n ? n : "general";
        if (!categories.TryGetValue(slug, out var category))
            categories[slug] = category = new Category { Id = Guid.NewGuid(), Slug = slug, Name = name };
        return category;
    }

    private static Tag TagFor((string Slug, string Name) wanted, Dictionary<string, Tag> tags)
    {
        var name = Clip(WebUtility.HtmlDecode(wanted.Name), Limits.Name);
        var slug = Slugs.From(Uri.UnescapeDataString(wanted.Slug)) is { Length: > 0 } s ? s : Slugs.From(name) is { Length: > 0 } n ? n : "tag";
        if (!tags.TryGetValue(slug, out var tag))
            tags[slug] = tag = new Tag { Id = Guid.NewGuid(), Slug = slug, Name = name };
        return tag;
    }

    /// <summary>
    /// Replaces links to the old site's uploads with copies stored here. WordPress keeps every size it made in the
    /// uploads folder, so the exact file named in the post is looked up by its year/month/name path.
    /// </summary>
    private async Task<string> LocalImagesAsync(string html, ZipArchive? uploads, Dictionary<string, string> stored, SortedSet<string> missing, CancellationToken ct)
    {
        foreach (var url in UploadUrl().Matches(html).Select(m => m.Value).Distinct().ToList())
        {
            if (!stored.TryGetValue(url, out var local))
            {
                var relative = url[(url.IndexOf("/uploads/", StringComparison.Ordinal) + "/uploads/".Length)..];
                var entry = uploads?.Entries.FirstOrDefault(e =>
                    e.FullName.Replace('\\', '/').EndsWith("uploads/" + relative, StringComparison.OrdinalIgnoreCase)
                    || e.FullName.Replace('\\', '/').Equals(relative, StringComparison.OrdinalIgnoreCase));
                var content = entry is null || entry.Length > MaxImageBytes ? null : await ReadAsync(entry, ct);
                var type = content is null ? null : ImageType(content);
                if (type is null)
                {
                    missing.Add(url);
                    continue;
                }
                var hash = Convert.ToHexString(SHA256.HashData(content!))[..16].ToLowerInvariant();
                var name = SafeFileName().Replace(Path.GetFileName(relative), "-");
                var path = $"editorial/wp/{hash}-{Clip(name, 80)}";
                await files.SaveAsync(path, content, type, ct);
                stored[url] = local = MediaUrls.For(path);
            }
            html = html.Replace(url, local, StringComparison.Ordinal);
        }
        return html;
    }

    private static async Task<byte[]> ReadAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        await using var stream = await entry.OpenAsync(ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>Only these raster formats are served from the store; anything else (SVG, HTML named .jpg) is left out.</summary>
    private static string? ImageType(byte[] bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };

    private static ZipArchive OpenZip(Stream stream)
    {
        try
        {
            var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            if (zip.Entries.Sum(e => e.Length) > MaxUploadsBytes)
                throw new WxrImportException("The uploads zip unpacks to more than 1 GB. Zip only the uploads folder. Nothing was imported.");
            return zip;
        }
        catch (InvalidDataException)
        {
            throw new WxrImportException("The uploads file is not a valid zip archive. Nothing was imported.");
        }
    }

    /// <summary>WordPress stores paragraphs as blank-line-separated text (it adds the &lt;p&gt; tags only when showing a post).</summary>
    private static string AutoParagraph(string text)
    {
        var blocks = Regex.Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), @"\n\s*\n");
        var html = new StringBuilder();
        foreach (var block in blocks.Select(b => b.Trim()).Where(b => b.Length > 0))
        {
            if (BlockStart().IsMatch(block)) html.Append(block).Append('\n');
            else html.Append("<p>").Append(block.Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        }
        return html.ToString();
    }

    private static string StripCaptions(string html) => Caption().Replace(html, "");

    private static string StripTags(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " ")).Trim();

    private static string UniqueSlug(string slug, HashSet<string> taken)
    {
        slug = Clip(slug, Slugs.MaxLength - 4).Trim('-');
        var unique = slug;
        for (var n = 2; !taken.Add(unique); n++) unique = $"{slug}-{n}";
        return unique;
    }

    private static string PostKey(string siteKey, long id) => $"wxr:{siteKey}:{id}";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Token() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    [GeneratedRegex(@"https?://[^\s""'<>()]+/wp-content/uploads/[^\s""'<>()]+\.(?:jpe?g|png|gif|webp)", RegexOptions.IgnoreCase)]
    private static partial Regex UploadUrl();

    [GeneratedRegex(@"^<(table|ul|ol|h[1-6]|blockquote|pre|div|figure|p|hr|dl|section)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"\[/?caption[^\]]*\]", RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[^A-Za-z0-9._-]")]
    private static partial Regex SafeFileName();
}
