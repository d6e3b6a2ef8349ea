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
    public Guid CategoryId { get; set; }
    public Category Category { get; set; } = null!;
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

/// <summary>An address that used to show an article: an older slug, or a WordPress permalink.</summary>
internal sealed class ArticleRedirect
{
    public string FromPath { get; set; } = "";
    public Guid ArticleId { get; set; }
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
