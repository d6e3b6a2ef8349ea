namespace FibroStore.SharedKernel.Search;

/// <summary>A hit for the header search; <see cref="SnippetHtml"/> is already escaped, with matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Kind, string Title, string Url, string SnippetHtml, double Rank);

/// <summary>
/// A module's part of the site-wide search (articles, products). Its hits are kept for a while and shown to every
/// visitor (<see cref="SearchResultCache"/>), so they must not depend on who asks: only what anyone may see. The kept
/// hits carry <see cref="CacheTag"/>, so the module's own page evictions refresh them too.
/// </summary>
public interface ISiteSearchSource
{
    string Kind { get; }
    string CacheTag { get; }
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int max, CancellationToken ct);
}
