using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Editorial.Contracts;

/// <summary>
/// An article went live (published now, or its scheduled time came). Raised once per article's first
/// publication; a re-publish or edit does not raise it again.
/// </summary>
public sealed record ArticlePublished(
    Guid ArticleId,
    string Slug,
    string Title,
    string Excerpt,
    string Url,
    bool SendToSubscribers,
    bool Imported,
    DateTimeOffset PublishedAt) : IntegrationEvent
{
    /// <summary>
    /// The article's sanitized HTML, for a newsletter that sends the full text. Optional so that events written to
    /// the outbox before it existed still read; a consumer falls back to the excerpt when it is null.
    /// </summary>
    public string? BodyHtml { get; init; }
}
