namespace FibroStore.Editorial.Data;

internal enum ArticleStatus { Draft, Scheduled, Published, Unpublished }

internal enum ReplyStatus { Pending, Approved, Spam }

internal sealed class Article
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Excerpt { get; set; } = "";
    public string Markdown { get; set; } = "";
    /// <summary>The Markdown rendered once at save time through the shared sanitizer; product short codes stay as markers.</summary>
    public string BodyHtml { get; set; } = "";
    /// <summary>Plain text of the body, for search, snippets and the feed.</summary>
    public string BodyText { get; set; } = "";
    public string TocJson { get; set; } = "[]";
    public string References { get; set; } = "";
    public string ReferencesHtml { get; set; } = "";
    public string[] ProductSlugs { get; set; } = [];
    public int ReadingMinutes { get; set; }
    public string? SeoTitle { get; set; }
    public string? SeoDescription { get; set; }
    public string? ImageUrl { get; set; }
    public string? ImageAlt { get; set; }
    /// <summary>The main category: breadcrumbs, feeds and the category shown first.</summary>
    public Guid CategoryId { get; set; }
    public Category Category { get; set; } = null!;
    /// <summary>Further categories the article is also listed under (WordPress posts often have several).</summary>
    public List<Category> OtherCategories { get; set; } = [];
    public List<Tag> Tags { get; set; } = [];
    public string AuthorName { get; set; } = "";
    public string AuthorSlug { get; set; } = "";
    public DateOnly? LastReviewedOn { get; set; }
    public string? ReviewedBy { get; set; }
    public bool ShowDisclaimer { get; set; }
    public bool SendToSubscribers { get; set; }
    public bool RepliesClosed { get; set; }
    public ArticleStatus Status { get; set; }
    public DateTimeOffset? PublishAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>Set once, when the article first goes live; ArticlePublished is raised only then.</summary>
    public DateTimeOffset? FirstPublishedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string PreviewToken { get; set; } = "";
    /// <summary>Where an imported article came from ("wxr:{site}:{post id}"), so a re-import finds it.</summary>
    public string? ImportKey { get; set; }
    /// <summary>A hash of the WordPress post as last imported: a later import compares it to see whether WordPress changed it.</summary>
    public string? ImportSourceHash { get; set; }
    /// <summary>When the import last wrote this article; a revision saved after it means staff edited it here.</summary>
    public DateTimeOffset? ImportSyncedAt { get; set; }
    public List<Reply> Replies { get; set; } = [];

    public bool IsLive => Status == ArticleStatus.Published;

    /// <summary>Makes the article live; says whether this is its first publication (the only one that raises the event).</summary>
    public bool Publish(DateTimeOffset now)
    {
        Status = ArticleStatus.Published;
        PublishAt = null;
        PublishedAt ??= now;
        if (FirstPublishedAt is not null) return false;
        FirstPublishedAt = now;
        return true;
    }
}

internal sealed class Category
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
}

internal sealed class Tag
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public List<Article> Articles { get; set; } = [];
}

internal sealed class ArticleRevision
{
    public Guid Id { get; set; }
    public Guid ArticleId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public string SavedBy { get; set; } = "";
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Excerpt { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string References { get; set; } = "";
}

/// <summary>Who made a redirect: the importer, a slug change, or staff by hand.</summary>
internal static class RedirectSources
{
    public const string Staff = "staff";
    public const string ArticleSlug = "article-slug";
    public const string WordPressPost = "wordpress-post";
    public const string WordPressPage = "wordpress-page";
    public const string WordPressCategory = "wordpress-category";
    public const string WordPressTag = "wordpress-tag";
    public const string WordPressAuthor = "wordpress-author";
    public const string WordPressUpload = "wordpress-upload";
}

/// <summary>
/// An old address of this site and where it leads now: an article (followed through its current slug), a local
/// path, or nowhere (410 Gone, removed on purpose). Paths are stored lowercase without a trailing slash; WordPress's
/// plain links keep their one query parameter ("/?p=12").
/// </summary>
internal sealed class Redirect
{
    public string FromPath { get; set; } = "";
    public Guid? ArticleId { get; set; }
    public string? TargetPath { get; set; }
    public string Source { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>How often the redirect was followed, and when last: staff see which old addresses still matter.</summary>
    public long Hits { get; set; }
    public DateTimeOffset? LastHitAt { get; set; }

    public bool IsGone => ArticleId is null && TargetPath is null;
}

/// <summary>
/// An address that answered 404, with how often and when it was asked for: what people and search engines still look
/// for. Nothing about who asked is kept.
/// </summary>
internal sealed class NotFoundPath
{
    public string Path { get; set; } = "";
    public long Hits { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}

/// <summary>One WordPress import: who ran it, its counts, and its per-item report (kept for the CSV download).</summary>
internal sealed class ImportRun
{
    public Guid Id { get; set; }
    public string SiteKey { get; set; } = "";
    public string ActorId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public string SummaryJson { get; set; } = "{}";
    public string ReportJson { get; set; } = "[]";
}

/// <summary>A WordPress page sent to the information pages, so a later import knows what it sent and when.</summary>
internal sealed class ImportedPage
{
    public string ImportKey { get; set; } = "";
    public string Slug { get; set; } = "";
    public string SourceHash { get; set; } = "";
    public DateTimeOffset SyncedAt { get; set; }
}

internal sealed class Reply
{
    public Guid Id { get; set; }
    public Guid ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public Guid? ParentId { get; set; }
    public string AuthorName { get; set; } = "";
    /// <summary>Kept for moderation and reply notices only; never rendered anywhere.</summary>
    public string Email { get; set; } = "";
    public string? Website { get; set; }
    public string? UserId { get; set; }
    public string Body { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public ReplyStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public bool NotifyOnReply { get; set; }
    public string NotifyToken { get; set; } = "";
    public string? ImportKey { get; set; }
}

internal sealed class BlockedTerm
{
    public Guid Id { get; set; }
    public string Term { get; set; } = "";
}
