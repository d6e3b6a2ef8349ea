using FibroStore.Editorial.Data.Configurations;
using FibroStore.Editorial.Publishing;

namespace FibroStore.Editorial.Import;

internal sealed partial class WxrImporter
{
    private sealed record KnownArticle(Guid Id, string Slug, string? SourceHash, DateTimeOffset SyncedAt, DateTimeOffset LastSavedAt);

    /// <summary>A category or tag by key only: entities are attached fresh in each batch, so no batch keeps the last one's rows alive.</summary>
    private sealed record Term(Guid Id, string Slug, string Name);

    private sealed record KnownReply(Guid Id, ReplyStatus Status);

    private sealed record PendingPage(WxrItem Item);

    /// <summary>The state of one import: what is already here, what this file brought, and the report.</summary>
    private sealed partial class Run(WxrImporter importer, WxrSite site, UploadsArchive uploads, ImportOptions options, string actorId, DateTimeOffset now)
    {
        private readonly EditorialDbContext db = importer.Db;
        private readonly WordPressContent content = new(site);
        private readonly string keyPrefix = $"wxr:{site.SiteKey}:";
        private Dictionary<string, KnownArticle> articles = [];
        private Dictionary<string, KnownReply> replies = [];
        private Dictionary<string, Term> categories = [];
        private Dictionary<string, Term> tags = [];
        private HashSet<string> takenSlugs = [];
        private Dictionary<string, Redirect> redirects = [];
        private readonly HashSet<string> seenKeys = [];
        private readonly Dictionary<string, string> usedCategories = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> usedTags = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> usedAuthors = new(StringComparer.Ordinal);
        private readonly List<PendingPage> pages = [];
        private int pending;
        private int added, updated, unchanged, conflicts, pagesSent, repliesAdded, repliesHeld, repliesApproved, spam, trash, otherComments, redirectCount, skipped;
        private readonly SortedSet<string> missingImages = new(StringComparer.Ordinal);

        public ImportReport Report { get; } = new();

        public async Task LoadAsync(CancellationToken ct)
        {
            var known = await db.Articles.AsNoTracking().Where(a => a.ImportKey != null && a.ImportKey.StartsWith(keyPrefix))
                .Select(a => new
                {
                    a.Id, a.ImportKey, a.Slug, a.ImportSourceHash, a.ImportSyncedAt,
                    First = db.Revisions.Where(r => r.ArticleId == a.Id).Min(r => (DateTimeOffset?)r.SavedAt),
                    Last = db.Revisions.Where(r => r.ArticleId == a.Id).Max(r => (DateTimeOffset?)r.SavedAt),
                }).ToListAsync(ct);
            // Articles from the first version of the import have no sync time: their first revision is the import's.
            articles = known.ToDictionary(a => a.ImportKey!, a => new KnownArticle(a.Id, a.Slug, a.ImportSourceHash,
                a.ImportSyncedAt ?? a.First ?? DateTimeOffset.MinValue, a.Last ?? DateTimeOffset.MinValue));
            var replyPrefix = $"{site.SiteKey}:comment:";
            replies = await db.Replies.AsNoTracking().Where(r => r.ImportKey != null && r.ImportKey.StartsWith(replyPrefix))
                .ToDictionaryAsync(r => r.ImportKey!, r => new KnownReply(r.Id, r.Status), ct);
            categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Slug, c => new Term(c.Id, c.Slug, c.Name), ct);
            tags = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Slug, t => new Term(t.Id, t.Slug, t.Name), ct);
            takenSlugs = (await db.Articles.Select(a => a.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            redirects = await db.Redirects.AsNoTracking().ToDictionaryAsync(r => r.FromPath, StringComparer.Ordinal, ct);
        }

        /// <summary>Writes what is pending and forgets it, so memory holds one batch at a time (the transaction stays open).</summary>
        public async Task FlushIfFullAsync(CancellationToken ct)
        {
            if (pending < BatchSize) return;
            await FlushAsync(ct);
        }

        private async Task FlushAsync(CancellationToken ct)
        {
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            pending = 0;
        }

        public async Task PostAsync(WxrItem item, CancellationToken ct)
        {
            var key = keyPrefix + item.Id;
            seenKeys.Add(key);
            var title = TitleOf(item);
            pending++;
            if (item.Status is not ("publish" or "future" or "draft" or "pending" or "private"))
            {
                skipped++;
                Report.Add(new ReportLine("post", Id(item), title, Outcomes.Skipped, item.Status == "trash"
                    ? "It is in WordPress's trash." : $"Its WordPress status is \"{item.Status}\"."));
                return;
            }

            var sourceHash = Hash(item.Title, item.Content, item.Excerpt, item.Status, item.Slug, item.Date, item.AuthorLogin, item.Password,
                item.CommentsClosed, item.ThumbnailId, item.Categories.Select(c => c.Slug), item.Tags.Select(t => t.Slug));
            Guid? articleId = null;
            var write = true;
            Article? existing = null;
            if (articles.TryGetValue(key, out var known))
            {
                articleId = known.Id;
                write = false;
                if (known.SourceHash == sourceHash)
                {
                    unchanged++;
                    Report.Add(new ReportLine("post", Id(item), title, Outcomes.Unchanged, "Not changed in WordPress since the last import.",
                        item.Modified, null, ArticlePath(known.Slug)));
                }
                else if (known.LastSavedAt > known.SyncedAt)
                {
                    conflicts++;
                    Report.Add(new ReportLine("post", Id(item), title, Outcomes.Conflict,
                        "Changed in WordPress and edited here since the last import. The store's version was kept; copy any WordPress change over by hand.",
                        item.Modified, known.LastSavedAt, ArticlePath(known.Slug)));
                }
                else
                {
                    existing = await db.Articles.Include(a => a.Tags).Include(a => a.OtherCategories).SingleAsync(a => a.Id == known.Id, ct);
                    write = true;
                }
            }
            if (write) articleId = await WriteArticleAsync(item, key, sourceHash, existing, ct);
            await AddRepliesAsync(item, articleId!.Value, title, ct);
        }

        private async Task<Guid> WriteArticleAsync(WxrItem item, string key, string sourceHash, Article? existing, CancellationToken ct)
        {
            var isNew = existing is null;
            var title = TitleOf(item);
            var notes = new List<string>();
            var converted = content.Convert(item.Content, item.Id);
            notes.AddRange(converted.Notes);
            var html = await LocalImagesAsync(converted.Html, notes, ct);
            var rendered = importer.Renderer.RenderHtml(html, "");
            var excerptText = StripTags(WordPressContent.PlainExcerpt(item.Excerpt));
            var excerpt = WxrDocument.Clean(excerptText.Length > 0 ? ExcerptFrom(excerptText) : ExcerptFrom(rendered.Text));
            var author = AuthorOf(item);
            var (category, others) = CategoriesOf(item);
            var image = await FeaturedImageAsync(item, notes, ct);

            var article = existing ?? new Article
            {
                Id = Guid.NewGuid(), Status = ArticleStatus.Draft, PreviewToken = Token(), ShowDisclaimer = options.ShowDisclaimer,
                // A draft has no date in WordPress (it exports a zero date): it counts from its last change, or from now.
                CreatedAt = item.Date ?? item.Modified ?? now,
            };
            var oldSlug = article.Slug;
            if (isNew || Slugs.From(Uri.UnescapeDataString(item.Slug)) != oldSlug)
            {
                takenSlugs.Remove(oldSlug);
                article.Slug = UniqueSlug(SlugOf(item, title));
            }
            article.Title = title;
            article.Excerpt = excerpt;
            // The stored "Markdown" of an imported post is its sanitized HTML: Markdown passes HTML through, so the editor can keep working on it.
            // An entity such as &#x1; in the old text decodes to a control character; no page wants one.
            article.Markdown = WxrDocument.Clean(rendered.Html);
            article.BodyHtml = article.Markdown;
            article.BodyText = WxrDocument.Clean(rendered.Text);
            article.TocJson = rendered.TocJson;
            article.ProductSlugs = [.. rendered.ProductSlugs];
            article.ReadingMinutes = rendered.ReadingMinutes;
            article.CategoryId = category.Id;
            article.OtherCategories = others.Select(TrackedCategory).ToList();
            article.Tags = item.Tags.Select(TagFor).DistinctBy(t => t.Id).Select(TrackedTag).ToList();
            article.AuthorName = author.Name;
            article.AuthorSlug = author.Slug;
            article.ImageUrl = image?.Url;
            article.ImageAlt = image?.Alt;
            article.RepliesClosed = item.CommentsClosed;
            article.UpdatedAt = now;
            article.ImportKey = key;
            article.ImportSourceHash = sourceHash;
            article.ImportSyncedAt = now;
            if (isNew) db.Articles.Add(article);
            ApplyStatus(item, article, isNew, notes);

            if (!isNew && oldSlug != article.Slug && article.FirstPublishedAt is not null)
                AddRedirect($"/articles/{oldSlug}", article.Id, null, RedirectSources.ArticleSlug);
            var number = isNew ? 0 : await db.Revisions.Where(r => r.ArticleId == article.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0;
            db.Revisions.Add(new ArticleRevision
            {
                Id = Guid.NewGuid(), ArticleId = article.Id, Number = number + 1, SavedAt = now, SavedBy = actorId,
                Title = article.Title, Slug = article.Slug, Excerpt = article.Excerpt, Markdown = article.Markdown, References = article.References,
            });
            articles[key] = new KnownArticle(article.Id, article.Slug, sourceHash, now, now);
            PostRedirects(item, article.Id);

            if (isNew) added++;
            else updated++;
            var reason = isNew ? "Imported." : "Changed in WordPress since the last import, and not edited here: updated.";
            Report.Add(new ReportLine("post", Id(item), title, isNew ? Outcomes.Added : Outcomes.Updated,
                notes.Count == 0 ? reason : $"{reason} {string.Join(" ", notes)}", item.Modified, null, ArticlePath(article.Slug)));
            return article.Id;
        }

        /// <summary>Published stays published at its date, scheduled stays scheduled at its time, everything else waits as a draft.</summary>
        private void ApplyStatus(WxrItem item, Article article, bool isNew, List<string> notes)
        {
            var hidden = item.Password.Length > 0;
            switch (item.Status)
            {
                case "publish" when !hidden:
                    if (article.Status != ArticleStatus.Published)
                    {
                        article.PublishedAt = item.Date ?? now;
                        ArticlePublishing.Publish(importer.Db, article, item.Date ?? now, imported: true);
                        if (!isNew) notes.Add("Published in WordPress since the last import, so published here too.");
                    }
                    else
                    {
                        article.PublishedAt = item.Date ?? article.PublishedAt;
                    }
                    break;
                case "future" when !hidden:
                    if (article.Status == ArticleStatus.Published)
                    {
                        notes.Add("It is scheduled again in WordPress but already live here, so it stays live.");
                        break;
                    }
                    article.Status = ArticleStatus.Scheduled;
                    article.PublishAt = item.Date;
                    notes.Add($"Scheduled: it goes live here at {item.Date:yyyy-MM-dd HH:mm} UTC, as in WordPress.");
                    break;
                default:
                    if (article.Status is ArticleStatus.Published or ArticleStatus.Scheduled)
                    {
                        article.Status = ArticleStatus.Unpublished;
                        article.PublishAt = null;
                        notes.Add("It is no longer published in WordPress, so it was unpublished here.");
                    }
                    notes.Add(hidden ? "It was password-protected in WordPress; it waits here as a draft, unprotected, for an editor to decide."
                        : item.Status switch
                        {
                            "pending" => "It was waiting for review in WordPress; it is a draft here.",
                            "private" => "It was private in WordPress; it is a draft here, not shown to readers.",
                            "draft" => "It is a draft.",
                            _ => "It is a draft here.",
                        });
                    break;
            }
        }

        private async Task AddRepliesAsync(WxrItem item, Guid articleId, string title, CancellationToken ct)
        {
            int postSpam = 0, postTrash = 0, postOther = 0, postHeld = 0, postAdded = 0, postApproved = 0;
            // Every reply gets its id first, so a reply can name its parent whatever order the export lists them in.
            var ids = new Dictionary<long, Guid>();
            foreach (var comment in item.Comments)
                ids[comment.Id] = replies.TryGetValue(ReplyKey(comment.Id), out var knownReply) ? knownReply.Id : Guid.NewGuid();
            var imported = item.Comments.Where(c => c.Type is "" or "comment" && c.Approved is "1" or "approve" or "0" or "hold").Select(c => c.Id).ToHashSet();
            foreach (var comment in item.Comments.OrderBy(c => c.Date ?? DateTimeOffset.MinValue).ThenBy(c => c.Id))
            {
                if (comment.Type is not ("" or "comment"))
                {
                    postOther++;
                    continue;
                }
                var status = comment.Approved switch
                {
                    "1" or "approve" => ReplyStatus.Approved,
                    "0" or "hold" => ReplyStatus.Pending,
                    _ => (ReplyStatus?)null,
                };
                if (status is null)
                {
                    if (comment.Approved == "spam") postSpam++;
                    else if (comment.Approved is "trash" or "post-trashed") postTrash++;
                    else postOther++;
                    continue;
                }
                var key = ReplyKey(comment.Id);
                if (replies.TryGetValue(key, out var existing))
                {
                    // Approved in WordPress after the last import, and nobody here moderated it yet: approve it here too.
                    if (existing.Status == ReplyStatus.Pending && status == ReplyStatus.Approved)
                    {
                        await db.Replies.Where(r => r.Id == existing.Id && r.Status == ReplyStatus.Pending)
                            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReplyStatus.Approved).SetProperty(r => r.ApprovedAt, now), ct);
                        replies[key] = existing with { Status = ReplyStatus.Approved };
                        postApproved++;
                    }
                    continue;
                }
                var id = ids[comment.Id];
                var text = comment.Content.Trim();
                var date = comment.Date ?? item.Date ?? now;
                db.Replies.Add(new Reply
                {
                    Id = id, ArticleId = articleId,
                    ParentId = comment.ParentId != 0 && ids.TryGetValue(comment.ParentId, out var parent)
                               && (imported.Contains(comment.ParentId) || replies.ContainsKey(ReplyKey(comment.ParentId))) ? parent : null,
                    AuthorName = Clip(comment.Author.Length > 0 ? WebUtility.HtmlDecode(comment.Author) : "Anonymous", Limits.Name),
                    Email = Clip(comment.Email, Limits.Email),
                    Website = comment.Url is { } url && url.Length <= Limits.Url && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ? url : null,
                    Body = Clip(WxrDocument.Clean(StripTags(text)), Limits.ReplyBody * 4),
                    BodyHtml = WxrDocument.Clean(CommentHtml.Render(text, importer.Sanitizer)),
                    Status = status.Value, CreatedAt = date, ApprovedAt = status == ReplyStatus.Approved ? date : null,
                    NotifyToken = Token(), ImportKey = key,
                });
                replies[key] = new KnownReply(id, status.Value);
                postAdded++;
                if (status == ReplyStatus.Pending) postHeld++;
                pending++;
            }
            repliesAdded += postAdded;
            repliesHeld += postHeld;
            repliesApproved += postApproved;
            spam += postSpam;
            trash += postTrash;
            otherComments += postOther;
            var parts = new List<string>();
            if (postAdded > 0) parts.Add($"{postAdded} added{(postHeld > 0 ? $" ({postHeld} waiting in the moderation queue, as they were in WordPress)" : "")}");
            if (postApproved > 0) parts.Add($"{postApproved} approved in WordPress since the last import, approved here too");
            if (postSpam > 0) parts.Add($"{postSpam} spam not imported");
            if (postTrash > 0) parts.Add($"{postTrash} in the trash not imported");
            if (postOther > 0) parts.Add($"{postOther} pingbacks, trackbacks or unknown kinds not imported");
            if (parts.Count > 0)
                Report.Add(new ReportLine("comments", Id(item), title, postSpam + postTrash + postOther > 0 ? Outcomes.Skipped : Outcomes.Added,
                    $"Comments: {string.Join("; ", parts)}."));
        }

        public void Page(WxrItem item) => pages.Add(new PendingPage(item));

        private string ReplyKey(long commentId) => $"{site.SiteKey}:comment:{commentId}";

        private (Term Main, List<Term> Others) CategoriesOf(WxrItem item)
        {
            var all = item.Categories.Select(CategoryFor).DistinctBy(c => c.Id).ToList();
            if (all.Count == 0) all.Add(categories.TryGetValue("general", out var general) ? general : NewTerm(categories, "general", "General", isCategory: true));
            return (all[0], all.Skip(1).ToList());
        }

        private Term CategoryFor((string Slug, string Name) wanted)
        {
            var name = Clip(WebUtility.HtmlDecode(wanted.Name), Limits.Name);
            // WordPress's default category becomes the store's own default.
            var slug = wanted.Slug == "uncategorized" && categories.ContainsKey("general") ? "general"
                : Slugs.From(Uri.UnescapeDataString(wanted.Slug)) is { Length: > 0 } s ? s : Slugs.From(name) is { Length: > 0 } n ? n : "general";
            var term = categories.TryGetValue(slug, out var known) ? known : NewTerm(categories, slug, name, isCategory: true);
            if (wanted.Slug.Length > 0) usedCategories.TryAdd(wanted.Slug, slug);
            return term;
        }

        private Term TagFor((string Slug, string Name) wanted)
        {
            var name = Clip(WebUtility.HtmlDecode(wanted.Name), Limits.Name);
            var slug = Slugs.From(Uri.UnescapeDataString(wanted.Slug)) is { Length: > 0 } s ? s : Slugs.From(name) is { Length: > 0 } n ? n : "tag";
            var term = tags.TryGetValue(slug, out var known) ? known : NewTerm(tags, slug, name, isCategory: false);
            if (wanted.Slug.Length > 0) usedTags.TryAdd(wanted.Slug, slug);
            return term;
        }

        private Term NewTerm(Dictionary<string, Term> terms, string slug, string name, bool isCategory)
        {
            var term = new Term(Guid.NewGuid(), slug, name.Length > 0 ? name : slug);
            terms[slug] = term;
            if (isCategory) db.Categories.Add(new Category { Id = term.Id, Slug = term.Slug, Name = term.Name });
            else db.Tags.Add(new Tag { Id = term.Id, Slug = term.Slug, Name = term.Name });
            return term;
        }

        private Category TrackedCategory(Term term) =>
            db.Categories.Local.FirstOrDefault(c => c.Id == term.Id) ?? Attached(new Category { Id = term.Id, Slug = term.Slug, Name = term.Name });

        private Tag TrackedTag(Term term) =>
            db.Tags.Local.FirstOrDefault(t => t.Id == term.Id) ?? Attached(new Tag { Id = term.Id, Slug = term.Slug, Name = term.Name });

        private T Attached<T>(T entity) where T : class
        {
            db.Attach(entity);
            return entity;
        }

        private (string Name, string Slug) AuthorOf(WxrItem item)
        {
            var name = Clip(site.Authors.TryGetValue(item.AuthorLogin, out var author) && author.DisplayName.Length > 0 ? author.DisplayName
                : item.AuthorLogin.Length > 0 ? item.AuthorLogin : "Editor", Limits.Name);
            var slug = Slugs.From(name) is { Length: > 0 } s ? s : "editor";
            if (item.AuthorLogin.Length > 0) usedAuthors.TryAdd(item.AuthorLogin, slug);
            return (name, slug);
        }

        private async Task<(string Url, string Alt)?> FeaturedImageAsync(WxrItem item, List<string> notes, CancellationToken ct)
        {
            if (item.ThumbnailId is not long id) return null;
            if (!site.Attachments.TryGetValue(id, out var attachment))
            {
                notes.Add($"Its featured image (attachment {id}) is not in the export, so it has none here.");
                return null;
            }
            var relative = attachment.File ?? UploadsArchive.RelativePath(attachment.Url);
            var local = relative is null ? null : await uploads.LocalUrlAsync(relative, ct);
            if (local is null)
            {
                missingImages.Add(attachment.Url);
                notes.Add(uploads.HasZip
                    ? $"Its featured image {attachment.Url} is not in the uploads zip, so it has none here."
                    : "Its featured image needs the uploads zip, which was not given.");
                return null;
            }
            var alt = attachment.Alt.Length > 0 ? attachment.Alt : attachment.Title;
            return (local, Clip(WebUtility.HtmlDecode(alt), Limits.Title));
        }

        /// <summary>
        /// Points the post's pictures at copies stored here. Addresses on the old site (absolute or root-relative) are
        /// looked up in the uploads zip; other sites' pictures are left as they are and named in the report, because the
        /// store's pages load nothing from other sites.
        /// </summary>
        private async Task<string> LocalImagesAsync(string html, List<string> notes, CancellationToken ct)
        {
            var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match match in UploadAddress().Matches(html))
            {
                var url = match.Groups["url"].Value;
                if (replacements.ContainsKey(url)) continue;
                var host = match.Groups["host"].Success ? match.Groups["host"].Value : null;
                if (host is not null && !site.Hosts.Contains(host))
                {
                    notes.Add($"It shows a picture from another site ({url}); the store does not load it. Upload a copy if it is needed.");
                    replacements[url] = url;
                    continue;
                }
                var relative = UploadsArchive.RelativePath(url);
                if (relative is null || !UploadsArchive.IsImagePath(relative))
                {
                    replacements[url] = url;
                    if (relative is not null) notes.Add($"It links to {url}, which is not an image, so it was not imported.");
                    continue;
                }
                var local = await uploads.LocalUrlAsync(relative, ct);
                if (local is null)
                {
                    missingImages.Add(url);
                    notes.Add(uploads.HasZip ? $"The picture {url} is not in the uploads zip." : $"The picture {url} needs the uploads zip, which was not given.");
                }
                replacements[url] = local ?? url;
            }
            foreach (Match match in ExternalImage().Matches(html))
            {
                var host = match.Groups["host"].Value;
                if (!site.Hosts.Contains(host) && !match.Value.Contains("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase))
                    notes.Add($"It shows a picture from another site ({match.Groups["url"].Value}); the store does not load it. Upload a copy if it is needed.");
            }
            return replacements.Count == 0 ? html
                : UploadAddress().Replace(html, m => replacements.TryGetValue(m.Groups["url"].Value, out var local) ? local : m.Value);
        }

        private string UniqueSlug(string slug)
        {
            slug = Clip(slug, Slugs.MaxLength - 4).Trim('-');
            var unique = slug;
            for (var n = 2; !takenSlugs.Add(unique); n++) unique = $"{slug}-{n}";
            return unique;
        }

        private static string SlugOf(WxrItem item, string title) =>
            Slugs.From(Uri.UnescapeDataString(item.Slug)) is { Length: > 0 } s ? s
            : Slugs.From(title) is { Length: > 0 } fromTitle ? fromTitle : $"post-{item.Id}";

        private static string TitleOf(WxrItem item) =>
            Clip(WxrDocument.Clean(WebUtility.HtmlDecode(item.Title)) is { Length: > 0 } t ? t : "Untitled", Limits.Title);

        private static string Id(WxrItem item) => item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static string ArticlePath(string slug) => $"/articles/{slug}";

        // An address under wp-content/uploads: absolute (any host, checked against the old site's) or root-relative in an attribute.
        [GeneratedRegex(@"(?<url>(?:(?:https?:)?//(?<host>[A-Za-z0-9.-]+)(?::\d+)?)?/wp-content/uploads/[^\s""'<>()\\]+)", RegexOptions.IgnoreCase)]
        private static partial Regex UploadAddress();

        [GeneratedRegex(@"<img\b[^>]*?\bsrc=[""'](?<url>(?:https?:)?//(?<host>[A-Za-z0-9.-]+)[^""']*)[""']", RegexOptions.IgnoreCase)]
        private static partial Regex ExternalImage();
    }
}
