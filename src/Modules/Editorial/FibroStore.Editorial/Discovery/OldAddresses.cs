using FibroStore.SharedKernel;

namespace FibroStore.Editorial.Discovery;

/// <summary>Where an old address leads: a permanent redirect to a local path, or 410 Gone.</summary>
internal sealed record OldAddressAnswer(int Status, string? Location)
{
    public static OldAddressAnswer MovedTo(string location) => new(301, location);
    public static readonly OldAddressAnswer Gone = new(410, null);
}

/// <summary>
/// The addresses of the old WordPress site and of older slugs, and what each means here. Stored redirects give the
/// exact addresses (posts, pages, categories, tags, authors, images, "/?p=12"); the forms WordPress built on top of
/// them are worked out: "/page/2/" after a list, "/feed/" after the site, a category or a post, date archives, and
/// resized copies of an uploaded image ("photo-300x200.jpg").
/// </summary>
internal static partial class OldAddresses
{
    /// <summary>The query parameters of WordPress's plain links, in the order WordPress reads them.</summary>
    public static readonly string[] QueryKeys = ["p", "page_id", "attachment_id", "cat", "tag", "author", "m", "feed", "s"];

    public const string UploadsPrefix = "/wp-content/uploads/";

    /// <summary>A request path as stored: lowercase, without a trailing slash; null for the root or an unusable path.</summary>
    public static string? Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > Data.Configurations.RedirectConfiguration.PathLength) return null;
        var trimmed = path.TrimEnd('/').ToLowerInvariant();
        return trimmed.Length == 0 || trimmed[0] != '/' ? null : trimmed;
    }

    /// <summary>The stored form of an absolute address from the export (percent-escapes decoded, as request paths arrive).</summary>
    public static string? FromLink(string link)
    {
        if (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)) return null;
        var query = uri.Query.TrimStart('?');
        var plain = PlainQuery(uri.AbsolutePath, query.Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .Select(p => (Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))));
        return plain ?? Normalize(Uri.UnescapeDataString(uri.AbsolutePath));
    }

    /// <summary>"/?p=12" for WordPress's plain links at the root or /index.php; null for any other address.</summary>
    public static string? PlainQuery(string path, IEnumerable<(string Key, string Value)> query)
    {
        if (path is not ("/" or "" or "/index.php")) return null;
        // A value with a control character (a NUL) was never one of WordPress's, and PostgreSQL cannot compare it.
        var pairs = query.Where(q => q.Value.Length is > 0 and <= 200 && !q.Value.Any(char.IsControl)).ToList();
        foreach (var key in QueryKeys)
            if (pairs.FirstOrDefault(q => q.Key == key) is { Key.Length: > 0 } found)
                return $"/?{key}={found.Value.Trim().ToLowerInvariant()}";
        return null;
    }

    public static async Task<OldAddressAnswer?> ResolveAsync(EditorialDbContext db, string path, TimeZoneInfo zone, CancellationToken ct)
    {
        if (await ExactAsync(db, path, ct) is { } exact) return exact;

        if (path.StartsWith(UploadsPrefix, StringComparison.Ordinal))
        {
            // WordPress made resized copies of every image; a request for one leads to the image itself.
            var original = ResizedCopy().Replace(path, "$1$2");
            var scaled = original == path ? null : await ExactAsync(db, original, ct);
            return scaled ?? OldAddressAnswer.Gone;
        }
        // The old site's themes, plugins and other files are gone with it.
        if (path.StartsWith("/wp-content/", StringComparison.Ordinal)) return OldAddressAnswer.Gone;

        if (FeedForm().Match(path) is { Success: true } feed)
        {
            var stem = feed.Groups["stem"].Value;
            if (stem.Length == 0) return OldAddressAnswer.MovedTo("/feed.xml");
            if (stem == "/comments") return OldAddressAnswer.Gone;
            var row = await db.Redirects.AsNoTracking().Where(r => r.FromPath == stem).Select(r => new { r.Source, r.TargetPath }).FirstOrDefaultAsync(ct);
            return row?.Source switch
            {
                RedirectSources.WordPressCategory when row.TargetPath is not null => OldAddressAnswer.MovedTo(row.TargetPath + "/feed.xml"),
                RedirectSources.WordPressTag or RedirectSources.WordPressAuthor => OldAddressAnswer.MovedTo("/feed.xml"),
                // A post's or a page's own feed listed its comments; the store has no reply feeds.
                RedirectSources.WordPressPost or RedirectSources.WordPressPage => OldAddressAnswer.Gone,
                _ => null,
            };
        }

        if (PageForm().Match(path) is { Success: true } paged && int.TryParse(paged.Groups["n"].Value, CultureInfo.InvariantCulture, out var page) && page is > 0 and < 10_000)
        {
            var stem = paged.Groups["stem"].Value;
            var list = stem.Length == 0 ? OldAddressAnswer.MovedTo("/articles")
                : DateForm().IsMatch(stem) ? await DateArchiveAsync(db, stem, zone, ct)
                : await ExactAsync(db, stem, ct);
            return list?.Location is { } target && !target.Contains('?', StringComparison.Ordinal) && target.StartsWith("/articles", StringComparison.Ordinal)
                ? OldAddressAnswer.MovedTo(page == 1 ? target : $"{target}?page={page}")
                : null;
        }

        return DateForm().IsMatch(path) ? await DateArchiveAsync(db, path, zone, ct) : null;
    }

    /// <summary>A plain link: "/?p=12" and the like, found as stored; feeds, date archives and searches worked out.</summary>
    public static async Task<OldAddressAnswer?> ResolveQueryAsync(EditorialDbContext db, string key, TimeZoneInfo zone, CancellationToken ct)
    {
        if (await ExactAsync(db, key, ct) is { } exact) return exact;
        var value = key[(key.IndexOf('=', StringComparison.Ordinal) + 1)..];
        if (key.StartsWith("/?feed=", StringComparison.Ordinal))
            return value.StartsWith("comments", StringComparison.Ordinal) ? OldAddressAnswer.Gone : OldAddressAnswer.MovedTo("/feed.xml");
        if (key.StartsWith("/?s=", StringComparison.Ordinal))
            return OldAddressAnswer.MovedTo($"/search?q={Uri.EscapeDataString(value)}");
        if (key.StartsWith("/?m=", StringComparison.Ordinal) && MonthQuery().Match(value) is { Success: true } m)
            return await DateArchiveAsync(db, "/" + string.Join('/', new[] { m.Groups["y"], m.Groups["m"], m.Groups["d"] }.Where(g => g.Success).Select(g => g.Value)), zone, ct);
        return null;
    }

    private static async Task<OldAddressAnswer?> ExactAsync(EditorialDbContext db, string path, CancellationToken ct)
    {
        var row = await db.Redirects.AsNoTracking().Where(r => r.FromPath == path)
            .Select(r => new
            {
                r.TargetPath, r.ArticleId,
                LiveSlug = db.Articles.Where(a => a.Id == r.ArticleId && a.Status == ArticleStatus.Published).Select(a => a.Slug).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        // An article that is not live (yet, or any more) is simply not found, as its own address would be.
        if (row.ArticleId is not null && row.LiveSlug is null) return null;
        // Counted only when served: one UPDATE on a path that was a miss anyway.
        await db.Redirects.Where(r => r.FromPath == path)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Hits, r => r.Hits + 1).SetProperty(r => r.LastHitAt, DateTimeOffset.UtcNow), ct);
        if (row.ArticleId is not null) return OldAddressAnswer.MovedTo(ArticleUrls.Article(row.LiveSlug));
        return row.TargetPath is null ? OldAddressAnswer.Gone : OldAddressAnswer.MovedTo(row.TargetPath);
    }

    /// <summary>/2026/, /2026/12/ and /2026/12/05/ lead to the store's list of that period, when it has any article from it.</summary>
    private static async Task<OldAddressAnswer?> DateArchiveAsync(EditorialDbContext db, string path, TimeZoneInfo zone, CancellationToken ct)
    {
        var match = DateForm().Match(path);
        if (!match.Success) return null;
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        int? month = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : null;
        int? day = match.Groups["d"].Success ? int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : null;
        if (DatePeriod.Of(year, month, day, zone) is not { } period) return null;
        var any = await db.Articles.AnyAsync(a => a.Status == ArticleStatus.Published && a.PublishedAt >= period.From && a.PublishedAt < period.To, ct);
        return any ? OldAddressAnswer.MovedTo(ArticleUrls.DateArchive(year, month, day)) : null;
    }

    // "/category/health/feed/", "/feed/atom/", "/2026/12/a-post/feed/rss2/", and the short "/rss/" forms.
    [GeneratedRegex(@"^(?<stem>.*?)(?:/feed(?:/(?:feed|rdf|rss|rss2|atom|rss-http))?|/(?:rdf|rss|rss2|atom))$")]
    private static partial Regex FeedForm();

    [GeneratedRegex(@"^(?<stem>.*?)/page/(?<n>\d{1,4})$")]
    private static partial Regex PageForm();

    [GeneratedRegex(@"^/(?<y>(?:19|20)\d{2})(?:/(?<m>0[1-9]|1[0-2])(?:/(?<d>0[1-9]|[12]\d|3[01]))?)?$")]
    private static partial Regex DateForm();

    [GeneratedRegex(@"^(?<y>(?:19|20)\d{2})(?<m>0[1-9]|1[0-2])?(?<d>0[1-9]|[12]\d|3[01])?$")]
    private static partial Regex MonthQuery();

    [GeneratedRegex(@"^(.*)-(?:\d{1,5}x\d{1,5}|scaled|rotated)(\.[a-z0-9]+)$")]
    private static partial Regex ResizedCopy();
}

/// <summary>A year, month or day in the store's time zone, as an interval of UTC instants.</summary>
internal sealed record DatePeriod(DateTimeOffset From, DateTimeOffset To)
{
    public static DatePeriod? Of(int year, int? month, int? day, TimeZoneInfo zone)
    {
        if (year is < 1900 or > 2200 || month is < 1 or > 12) return null;
        if (day is int d && (month is null || d < 1 || d > DateTime.DaysInMonth(year, month.Value))) return null;
        var start = new DateOnly(year, month ?? 1, day ?? 1);
        var end = day is not null ? start.AddDays(1) : month is not null ? start.AddMonths(1) : start.AddYears(1);
        return new DatePeriod(ZonedTime.StartOfDay(start, zone), ZonedTime.StartOfDay(end, zone));
    }
}
