using System.Net;
using FibroStore.SharedKernel.Search;

namespace FibroStore.Catalog.Shop;

/// <summary>
/// Products for the header search: PostgreSQL full-text search over name, SKUs, tags and descriptions,
/// plus trigram similarity on the name so "magnesum" still finds magnesium.
/// </summary>
internal sealed class ProductSearch(CatalogDbContext db) : ISiteSearchSource
{
    // Control characters cannot come from a shopper's query (the page refuses them), so they mark matches safely until encoding.
    private const string Open = "\u0002";
    private const string Close = "\u0003";

    public string Kind => "Product";

    /// <summary>Every product change evicts the shop's pages; only active products are found, whoever asks.</summary>
    public string CacheTag => CatalogCacheTags.Catalog;

    internal sealed record Row(string Name, string Slug, string Snippet, double Rank);

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int max, CancellationToken ct)
    {
        var term = new string(query.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (term.Length == 0) return [];
        var rows = await Query(term, Math.Clamp(max, 1, 50)).ToListAsync(ct);
        return rows.Select(r => new SearchHit(Kind, r.Name, ProductCards.UrlFor(r.Slug), Highlight(r.Snippet), r.Rank)).ToList();
    }

    /// <summary>
    /// Bounded work however many products match: a shortlist of at most twice <paramref name="limit"/> products
    /// (plus an exact SKU's) is ranked in full, and only the rows returned get a snippet. The shortlist takes, in this
    /// order and only as far as it needs: the product whose SKU is the query, matches with a query word in the name,
    /// keywords or summary (ranked by that small vector through the search_head index), then matches in the
    /// description alone, then names a typo away (closest first, through the name's trigram index with
    /// <c>&lt;%</c>). A typo lookalike therefore never pushes out a product that has the word.
    /// </summary>
    internal IQueryable<Row> Query(string term, int limit) =>
        db.Database.SqlQuery<Row>($"""
            WITH q AS (SELECT websearch_to_tsquery('english', {term}) AS words,
                              replace(plainto_tsquery('english', {term})::text, '&', '|')::tsquery AS any_word),
            shortlist AS (
                (SELECT v.product_id AS id FROM catalog.variants v WHERE v.sku = upper({term}))
                UNION ALL
                (SELECT p.id FROM catalog.products p, q
                 WHERE p.search_vector @@ q.words AND p.search_head @@ q.any_word AND p.status = 'Active'
                 ORDER BY ts_rank(p.search_head, q.any_word) DESC, p.name
                 LIMIT {limit * 2})
                UNION ALL
                (SELECT p.id FROM catalog.products p, q
                 WHERE p.search_vector @@ q.words AND NOT p.search_head @@ q.any_word AND p.status = 'Active'
                 ORDER BY p.name
                 LIMIT {limit * 2})
                UNION ALL
                (SELECT p.id FROM catalog.products p
                 WHERE {term} <% p.name AND p.status = 'Active'
                 ORDER BY {term} <<-> p.name
                 LIMIT {limit * 2})
                LIMIT {limit * 2}
            ),
            ranked AS (
                SELECT p.name, p.slug, p.summary, (ts_rank(p.search_vector, q.words) + word_similarity({term}, p.name))::float8 AS rank
                FROM catalog.products p JOIN (SELECT DISTINCT id FROM shortlist) s ON s.id = p.id, q
                WHERE p.status = 'Active'
                ORDER BY rank DESC, p.name
                LIMIT {limit}
            )
            SELECT r.name AS "Name", r.slug AS "Slug",
                   ts_headline('english', r.summary, q.words, {"StartSel=" + Open + ", StopSel=" + Close + ", HighlightAll=true"}) AS "Snippet",
                   r.rank AS "Rank"
            FROM ranked r, q
            ORDER BY r.rank DESC, r.name
            """);

    private static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Open, "<mark>", StringComparison.Ordinal).Replace(Close, "</mark>", StringComparison.Ordinal);
}
