using FibroStore.SharedKernel.Clustering;

namespace FibroStore.SharedKernel.Search;

/// <summary>
/// Each source's hits for a query, kept for a minute (<see cref="ReadResultCache"/>), so a popular search runs its
/// full-text queries once rather than for every visitor. They go when a page with the source's
/// <see cref="ISiteSearchSource.CacheTag"/> is evicted.
/// </summary>
public sealed class SearchResultCache(ReadResultCache results)
{
    // The strings are kept as UTF-16; the rest is a little for each hit's objects.
    private const int BytesPerHit = 96;

    private sealed record Key(string Kind, string Query, int Max);

    /// <summary>
    /// The form a query is kept under and searched with: single spaces, lower case. Full-text and trigram matching
    /// ignore both, so "Magnesium  cramps" and "magnesium cramps" are one search.
    /// </summary>
    public static string Normalize(string query) =>
        string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>The kept hits of <paramref name="source"/> for a normalized query, or null when it has to search.</summary>
    public IReadOnlyList<SearchHit>? Find(ISiteSearchSource source, string query, int max) =>
        results.TryGet(new Key(source.Kind, query, max), out IReadOnlyList<SearchHit>? hits) ? hits : null;

    /// <summary>Runs the source's search for a normalized query and keeps its hits.</summary>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(ISiteSearchSource source, string query, int max, CancellationToken ct) =>
        results.GetOrReadAsync(source.CacheTag, new Key(source.Kind, query, max), c => source.SearchAsync(query, max, c),
            hits => hits.Sum(h => BytesPerHit + 2L * (h.Title.Length + h.Url.Length + h.SnippetHtml.Length)), ct);
}
