namespace FibroStore.Editorial.Contracts;

/// <summary>An article and a count: its views, or the clicks on product cards inside it.</summary>
public sealed record ArticleCount(string Title, string Url, long Count);

public sealed record ArticleViewsDay(DateOnly Day, long Views);

/// <summary>
/// Editorial's figures for the staff dashboard. Views and product-card clicks are counted by the store itself,
/// per article per calendar day of the store's time zone; nothing about the reader is kept.
/// </summary>
public interface IArticleFigures
{
    /// <summary>Article views per day for the days in [<paramref name="from"/>, <paramref name="to"/>), every day present.</summary>
    Task<IReadOnlyList<ArticleViewsDay>> GetViewsAsync(DateOnly from, DateOnly to, CancellationToken ct);

    Task<IReadOnlyList<ArticleCount>> GetTopByViewsAsync(DateOnly from, DateOnly to, int max, CancellationToken ct);

    /// <summary>Articles whose product cards readers clicked most: the articles that led readers to the shop.</summary>
    Task<IReadOnlyList<ArticleCount>> GetTopByProductClicksAsync(DateOnly from, DateOnly to, int max, CancellationToken ct);

    /// <summary>Replies written in [from, to), spam left out.</summary>
    Task<int> CountNewRepliesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    Task<int> CountRepliesAwaitingModerationAsync(CancellationToken ct);

    /// <summary>Articles scheduled to go live in [from, to).</summary>
    Task<int> CountScheduledAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
