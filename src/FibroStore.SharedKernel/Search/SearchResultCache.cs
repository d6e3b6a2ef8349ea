using System.Collections.Concurrent;
using FibroStore.SharedKernel.Clustering;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace FibroStore.SharedKernel.Search;

/// <summary>
/// Each source's hits for a query, kept in this instance's memory for a minute, so a popular search runs its full-text
/// queries once rather than for every visitor. Entries carry their source's <see cref="ISiteSearchSource.CacheTag"/>
/// and go when a page with that tag is evicted: at once on the instance that made the change, and through the cluster
/// signal on every other one. A lost signal listener drops them all, as it drops cached pages.
/// </summary>
public sealed class SearchResultCache : IClusterSignalHandler, IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // Sizes are estimated bytes: the kept strings (UTF-16) and a little for each hit's objects. The limit keeps the
    // cache a small part of the store's memory; when it is reached an answer is not kept, and the cache drops the
    // least recently used ones in the background.
    private const long SizeLimitBytes = 8 * 1024 * 1024;
    private const int BytesPerHit = 96;

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    // One token per cache tag, cancelled (and replaced) when that tag is evicted; every entry holds its tag's token.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> tags = new(StringComparer.Ordinal);

    private sealed record Key(string Kind, string Query, int Max);

    public string Topic => ClusterPageCache.Topic;

    /// <summary>
    /// The form a query is kept under and searched with: single spaces, lower case. Full-text and trigram matching
    /// ignore both, so "Magnesium  cramps" and "magnesium cramps" are one search.
    /// </summary>
    public static string Normalize(string query) =>
        string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>The kept hits of <paramref name="source"/> for a normalized query, or null when it has to search.</summary>
    public IReadOnlyList<SearchHit>? Find(ISiteSearchSource source, string query, int max) =>
        entries.TryGetValue(new Key(source.Kind, query, max), out IReadOnlyList<SearchHit>? hits) ? hits : null;

    /// <summary>Runs the source's search for a normalized query and keeps its hits.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(ISiteSearchSource source, string query, int max, CancellationToken ct)
    {
        // Taken before the search starts: a change evicted while it runs cancels this token, so a result that may
        // predate the change is never kept.
        var changed = tags.GetOrAdd(source.CacheTag, _ => new CancellationTokenSource()).Token;
        var hits = await source.SearchAsync(query, max, ct);
        using var entry = entries.CreateEntry(new Key(source.Kind, query, max));
        entry.Value = hits;
        entry.Size = Math.Max(1, hits.Sum(h => BytesPerHit + 2L * (h.Title.Length + h.Url.Length + h.SnippetHtml.Length)));
        entry.AbsoluteExpirationRelativeToNow = Lifetime;
        entry.ExpirationTokens.Add(new CancellationChangeToken(changed));
        return hits;
    }

    /// <summary>Drops the hits of sources whose pages carry <paramref name="tag"/>; every hit for the tag of all pages, or null.</summary>
    public void Evict(string? tag)
    {
        if (tag is null or PageCacheTags.All)
        {
            foreach (var known in tags.Keys)
                Drop(known);
        }
        else
        {
            Drop(tag);
        }
    }

    public Task HandleAsync(string? data, CancellationToken ct)
    {
        Evict(data);
        return Task.CompletedTask;
    }

    // The cancelled source is not disposed: a search may still be reading its token, and without a timer it holds nothing.
    private void Drop(string tag)
    {
        if (tags.TryRemove(tag, out var source))
            source.Cancel();
    }

    public void Dispose() => entries.Dispose();
}
