namespace FibroStore.SharedKernel.Search;

/// <summary>A hit for the header search; <see cref="SnippetHtml"/> is already escaped, with matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Kind, string Title, string Url, string SnippetHtml, double Rank);

/// <summary>A module's part of the site-wide search (articles, products).</summary>
public interface ISiteSearchSource
{
    string Kind { get; }
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int max, CancellationToken ct);
}
