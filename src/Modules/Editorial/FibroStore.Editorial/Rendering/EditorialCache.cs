using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Editorial.Rendering;

/// <summary>
/// Output-cache tags for editorial pages. Every editorial page carries <see cref="All"/> (an article change can
/// alter any list, related-article box or previous/next link); pages listing reply counts carry <see cref="Indexes"/>;
/// an article page carries its own tag and the tag of each product it shows. Kept reads of article lists
/// (<see cref="EditorialReads"/>) carry <see cref="Indexes"/>, which an article change evicts too.
/// </summary>
internal static class EditorialCache
{
    public const string All = "editorial";
    public const string Indexes = "editorial:indexes";
    public static string Article(Guid id) => $"article:{id:N}";

    /// <summary>Adds tags known only once the page has its data (the article id, the products it shows).</summary>
    public static void Tag(HttpContext http, IEnumerable<string> tags)
    {
        var context = http.Features.Get<IOutputCacheFeature>()?.Context;
        if (context is null) return;
        foreach (var tag in tags) context.Tags.Add(tag);
    }

    /// <summary>An article was written, published or withdrawn: every editorial page and the kept article lists.</summary>
    public static async Task EvictArticlesAsync(this IPageCache cache, CancellationToken ct)
    {
        await cache.EvictAsync(All, ct);
        await cache.EvictAsync(Indexes, ct);
    }

    /// <summary>An article's replies changed: its page and the reply counts on the lists.</summary>
    public static async Task EvictRepliesAsync(this IPageCache cache, Guid articleId, CancellationToken ct)
    {
        await cache.EvictAsync(Article(articleId), ct);
        await cache.EvictAsync(Indexes, ct);
    }
}
