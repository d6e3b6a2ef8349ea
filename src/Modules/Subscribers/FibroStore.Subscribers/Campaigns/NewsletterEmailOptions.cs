namespace FibroStore.Subscribers.Campaigns;

/// <summary>How an article's email reads (section <c>Subscribers:Email</c>).</summary>
internal sealed class NewsletterEmailOptions
{
    public const string Section = "Subscribers:Email";

    /// <summary>Send the article's whole text instead of its excerpt. Digests always list excerpts.</summary>
    public bool FullText { get; set; }
}
