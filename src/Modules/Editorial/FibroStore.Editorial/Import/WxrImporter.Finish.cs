using FibroStore.Editorial.Contracts;
using FibroStore.Editorial.Discovery;

namespace FibroStore.Editorial.Import;

internal sealed partial class WxrImporter
{
    private sealed partial class Run
    {
        private const int PageSlugLength = 40;
        private const int PageTitleLength = 120;
        private const int PageTextLength = 100_000;

        public async Task FinishAsync(CancellationToken ct)
        {
            await PagesAsync(ct);
            await MediaLibraryAsync(ct);
            TermRedirects();
            foreach (var (key, article) in articles.Where(a => !seenKeys.Contains(a.Key)))
                Report.Add(new ReportLine("post", key[keyPrefix.Length..], article.Slug, Outcomes.Missing,
                    "It is no longer in the WordPress export (deleted there, or left out of this export). It was left as it is here.",
                    null, null, ArticlePath(article.Slug)));
            foreach (var (type, count) in site.OtherItems)
            {
                skipped += count;
                Report.Add(new ReportLine(type, "", $"{count} item{(count == 1 ? "" : "s")}", Outcomes.Skipped, OtherItemReason(type)));
            }
            await FlushAsync(ct);
        }

        public ImportSummary Summary() => new(added, updated, unchanged, conflicts, pagesSent, repliesAdded, repliesHeld, repliesApproved,
            spam, trash, otherComments, redirectCount, uploads.Stored.Count(), missingImages.Count, skipped);

        /// <summary>The post's old addresses: its permalink (any structure), "/?p=ID", and the addresses of its older slugs.</summary>
        private void PostRedirects(WxrItem item, Guid articleId)
        {
            var link = OldAddresses.FromLink(item.Link);
            if (link is not null) AddRedirect(link, articleId, null, RedirectSources.WordPressPost);
            AddRedirect($"/?p={item.Id}", articleId, null, RedirectSources.WordPressPost);
            if (link is null || link.StartsWith("/?", StringComparison.Ordinal)) return;
            var current = Uri.UnescapeDataString(item.Slug).ToLowerInvariant();
            var segments = link.Split('/');
            var at = Array.LastIndexOf(segments, current);
            foreach (var old in item.OldSlugs.Select(o => Uri.UnescapeDataString(o).ToLowerInvariant()).Distinct())
            {
                if (at <= 0 || old.Length == 0 || old.Contains('/', StringComparison.Ordinal)) continue;
                var oldSegments = (string[])segments.Clone();
                oldSegments[at] = old;
                AddRedirect(string.Join('/', oldSegments), articleId, null, RedirectSources.WordPressPost);
            }
        }

        /// <summary>
        /// Adds or refreshes one old address. An address another source owns (a slug change, or staff by hand) is left
        /// alone, so an import never overrides a decision made here.
        /// </summary>
        private void AddRedirect(string? path, Guid? articleId, string? target, string source)
        {
            path = OldAddresses.Normalize(path);
            if (path is null || target == path) return;
            if (redirects.TryGetValue(path, out var existing))
            {
                var ours = existing.Source.StartsWith("wordpress-", StringComparison.Ordinal) || existing.Source == source;
                if (!ours || existing.ArticleId == articleId && existing.TargetPath == target) return;
                existing.ArticleId = articleId;
                existing.TargetPath = target;
                existing.Source = source;
                existing.UpdatedAt = now;
                db.Redirects.Update(existing);
                return;
            }
            var redirect = new Redirect { FromPath = path, ArticleId = articleId, TargetPath = target, Source = source, CreatedAt = now, UpdatedAt = now };
            redirects[path] = redirect;
            db.Redirects.Add(redirect);
            redirectCount++;
        }

        private void TermRedirects()
        {
            foreach (var (wpSlug, storeSlug) in usedCategories)
            {
                var target = ArticleUrls.Category(storeSlug);
                var path = site.Categories.TryGetValue(wpSlug, out var term) ? site.CategoryPath(term) : wpSlug;
                AddRedirect($"/category/{Decode(path)}", null, target, RedirectSources.WordPressCategory);
                if (term is { Id: > 0 }) AddRedirect($"/?cat={term.Id}", null, target, RedirectSources.WordPressCategory);
            }
            foreach (var (wpSlug, storeSlug) in usedTags)
            {
                var target = ArticleUrls.Tag(storeSlug);
                AddRedirect($"/tag/{Decode(wpSlug)}", null, target, RedirectSources.WordPressTag);
                AddRedirect($"/?tag={Decode(wpSlug)}", null, target, RedirectSources.WordPressTag);
            }
            foreach (var (login, authorSlug) in usedAuthors)
            {
                var target = ArticleUrls.Author(authorSlug);
                // WordPress's author address uses the account's "nicename", made from the login the way Slugs.From does.
                foreach (var nicename in new[] { Slugs.From(login), login.ToLowerInvariant() }.Where(n => n.Length > 0 && !n.Contains('/', StringComparison.Ordinal)).Distinct())
                    AddRedirect($"/author/{nicename}", null, target, RedirectSources.WordPressAuthor);
                if (site.Authors.TryGetValue(login, out var author) && author.Id > 0)
                    AddRedirect($"/?author={author.Id}", null, target, RedirectSources.WordPressAuthor);
            }
        }

        /// <summary>
        /// Every image of the media library found in the uploads zip is stored, so each old image address leads to
        /// its copy here; an image that is not in the zip answers 410 Gone and is listed.
        /// </summary>
        private async Task MediaLibraryAsync(CancellationToken ct)
        {
            foreach (var attachment in site.Attachments.Values.OrderBy(a => a.Id))
            {
                var relative = attachment.File ?? UploadsArchive.RelativePath(attachment.Url);
                if (relative is null || !UploadsArchive.IsImagePath(relative)) continue;
                var local = await uploads.LocalUrlAsync(relative, ct);
                if (local is null && uploads.HasZip && missingImages.Add(attachment.Url))
                    Report.Add(new ReportLine("image", attachment.Id.ToString(CultureInfo.InvariantCulture), attachment.Title, Outcomes.Missing,
                        "Not in the uploads zip, so it was not imported; its old address answers 410 Gone.", null, null, attachment.Url));
                if (attachment.Id > 0) AttachmentRedirects(attachment, local);
            }
            foreach (var (relative, local) in uploads.Stored.ToList())
                AddRedirect(OldAddresses.UploadsPrefix + relative.ToLowerInvariant(), null, local, RedirectSources.WordPressUpload);
        }

        /// <summary>
        /// WordPress showed each image on a page of its own, at the attachment's link and at "/?p=ID" and
        /// "/?attachment_id=ID": each leads to the stored image. Without it they are gone, unless an earlier import
        /// stored it (a later import may come without the zip).
        /// </summary>
        private void AttachmentRedirects(WxrAttachment attachment, string? local)
        {
            foreach (var path in new[] { $"/?attachment_id={attachment.Id}", $"/?p={attachment.Id}", OldAddresses.FromLink(attachment.Link) })
            {
                if (local is not null) AddRedirect(path, null, local, RedirectSources.WordPressUpload);
                else if (uploads.HasZip && OldAddresses.Normalize(path) is { } key && !redirects.ContainsKey(key))
                    AddRedirect(key, null, null, RedirectSources.WordPressUpload);
            }
        }

        private async Task PagesAsync(CancellationToken ct)
        {
            var candidates = new List<(WxrItem Item, string Key, string Slug, string Title)>();
            var slugs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var page in pages)
            {
                var item = page.Item;
                var key = keyPrefix + item.Id;
                seenKeys.Add(key);
                var title = Clip(WebUtility.HtmlDecode(item.Title) is { Length: > 0 } t ? t : "Untitled", PageTitleLength);
                var refusal = item.Status != "publish" ? $"Its WordPress status is \"{item.Status}\"; only published pages are imported."
                    : item.Password.Length > 0 ? "It was password-protected in WordPress."
                    : WooCommerceOnly().IsMatch(item.Content.Trim()) ? "It is one of WooCommerce's own pages (cart, checkout, account), which the store has built in."
                    : null;
                if (refusal is not null)
                {
                    skipped++;
                    Report.Add(new ReportLine("page", Id(item), title, Outcomes.Skipped, refusal, item.Modified));
                    continue;
                }
                var baseSlug = Slugs.From(Uri.UnescapeDataString(item.Slug)) is { Length: > 0 } s ? s : Slugs.From(title) is { Length: > 0 } fromTitle ? fromTitle : $"page-{item.Id}";
                baseSlug = Clip(baseSlug, PageSlugLength - 3).Trim('-');
                var slug = baseSlug;
                for (var n = 2; !slugs.Add(slug); n++) slug = $"{baseSlug}-{n}";
                candidates.Add((item, key, slug, title));
            }
            if (candidates.Count == 0) return;

            var keys = candidates.Select(c => c.Key).ToList();
            var records = await db.ImportedPages.AsNoTracking().Where(p => keys.Contains(p.ImportKey)).ToDictionaryAsync(p => p.ImportKey, ct);
            var wanted = candidates.Select(c => records.TryGetValue(c.Key, out var r) ? r.Slug : c.Slug).Distinct().ToList();
            var existing = await importer.InformationPages.FindAsync(wanted, ct);

            foreach (var (item, key, newSlug, title) in candidates)
            {
                records.TryGetValue(key, out var record);
                var slug = record?.Slug ?? newSlug;
                var path = InformationPagePaths.For(slug);
                var commentNote = item.Comments.Count > 0 ? $" Its {item.Comments.Count} comment(s) were not imported: information pages have no replies." : "";
                if (InformationPagePaths.BuiltIn.Contains(slug))
                {
                    skipped++;
                    Report.Add(new ReportLine("page", Id(item), title, Outcomes.Skipped,
                        $"The store has its own \"{slug}\" page, kept as it is; the WordPress text was not imported. Its old address leads to the store's page.{commentNote}",
                        item.Modified, null, path));
                    PageRedirects(item, path);
                    continue;
                }
                var notes = new List<string>();
                var converted = content.Convert(item.Content, item.Id);
                notes.AddRange(converted.Notes);
                var html = importer.Sanitizer.Sanitize(await LocalImagesAsync(converted.Html, notes, ct));
                if (html.Length > PageTextLength)
                {
                    skipped++;
                    Report.Add(new ReportLine("page", Id(item), title, Outcomes.Skipped, $"It is longer than an information page can be ({PageTextLength:N0} characters).", item.Modified));
                    continue;
                }
                var hash = Hash(item.Title, item.Content, item.Slug);
                existing.TryGetValue(slug, out var here);
                DateTimeOffset? replaceIfUnchangedSince = null;
                string outcome, reason;
                if (record is null && here is not null)
                {
                    conflicts++;
                    Report.Add(new ReportLine("page", Id(item), title, Outcomes.Conflict,
                        $"The store already has a page at {path} that did not come from this import; it was kept.{commentNote}", item.Modified, here.UpdatedAt, path));
                    continue;
                }
                if (record is not null && record.SourceHash == hash)
                {
                    Report.Add(new ReportLine("page", Id(item), title, Outcomes.Unchanged, "Not changed in WordPress since the last import.", item.Modified, null, path));
                    PageRedirects(item, path);
                    continue;
                }
                if (record is not null && here is not null && here.UpdatedAt > record.SyncedAt)
                {
                    conflicts++;
                    Report.Add(new ReportLine("page", Id(item), title, Outcomes.Conflict,
                        "Changed in WordPress and edited here since the last import. The store's version was kept; copy any WordPress change over by hand.",
                        item.Modified, here.UpdatedAt, path));
                    continue;
                }
                if (record is not null && here is not null)
                {
                    replaceIfUnchangedSince = record.SyncedAt;
                    (outcome, reason) = (Outcomes.Updated, "Changed in WordPress since the last import, and not edited here: updated.");
                }
                else
                {
                    (outcome, reason) = (Outcomes.Added, "Imported as an information page.");
                }
                db.AddEvent(new InformationPageSupplied(slug, title, html, replaceIfUnchangedSince, now), now);
                pagesSent++;
                if (record is null) db.ImportedPages.Add(new ImportedPage { ImportKey = key, Slug = slug, SourceHash = hash, SyncedAt = now });
                else db.ImportedPages.Update(new ImportedPage { ImportKey = key, Slug = slug, SourceHash = hash, SyncedAt = now });
                PageRedirects(item, path);
                Report.Add(new ReportLine("page", Id(item), title, outcome,
                    $"{reason}{(notes.Count > 0 ? " " + string.Join(" ", notes) : "")}{commentNote}", item.Modified, null, path));
            }
        }

        private void PageRedirects(WxrItem item, string path)
        {
            AddRedirect(OldAddresses.FromLink(item.Link), null, path, RedirectSources.WordPressPage);
            AddRedirect($"/?page_id={item.Id}", null, path, RedirectSources.WordPressPage);
            // WordPress answers a page's id under "/?p=" too.
            AddRedirect($"/?p={item.Id}", null, path, RedirectSources.WordPressPage);
        }

        private static string Decode(string slug) => Uri.UnescapeDataString(slug).ToLowerInvariant();

        private static string OtherItemReason(string type) => type switch
        {
            "nav_menu_item" => "Navigation menu entries are not imported: the store has its own menu.",
            "wp_template" or "wp_template_part" or "wp_global_styles" or "wp_navigation" or "custom_css" => "Theme settings and templates are not imported: the store has its own look.",
            "product" or "product_variation" => "WooCommerce products are imported from WooCommerce's product CSV export, not from this file.",
            "shop_order" or "shop_order_refund" or "shop_coupon" or "shop_subscription" => "WooCommerce orders and coupons are not imported.",
            "revision" => "Old revisions are not imported; each post comes with its latest text.",
            _ => "This kind of item is not imported.",
        };

        [GeneratedRegex(@"^(?:<!--[^>]*-->\s*)*\[woocommerce_[a-z_]+\](?:\s*<!--[^>]*-->)*$")]
        private static partial Regex WooCommerceOnly();
    }
}
