namespace FibroStore.Editorial.Contracts;

/// <summary>An article as the newsletter shows it. <paramref name="Url"/> is absolute, on the store's public address.</summary>
public sealed record NewsletterArticle(string Title, string Excerpt, string Url)
{
    /// <summary>The article's sanitized HTML, shown instead of the excerpt when the store sends full-text emails.</summary>
    public string? BodyHtml { get; init; }
}

/// <summary>
/// "Send me a test": staff see the newsletter email for an article before it goes to anyone on the list. Declared here,
/// where the article editor asks it, and answered by Subscribers, which already listens to Editorial's events.
/// </summary>
public interface INewsletterPreview
{
    /// <summary>Sends the article's email, marked as a test, to this one address only. Throws when the SMTP server refuses it.</summary>
    Task SendTestAsync(string toEmail, NewsletterArticle article, CancellationToken ct);
}
