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

    internal sealed record Row(string Name, string Slug, string Snippet, double Rank);

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int max, CancellationToken ct)
    {
        var term = new string(query.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (term.Length == 0) return [];
        var rows = await Query(term, Math.Clamp(max, 1, 50)).ToListAsync(ct);
        return rows.Select(r => new SearchHit(Kind, r.Name, ProductCards.UrlFor(r.Slug), Highlight(r.Snippet), r.Rank)).ToList();
    }

    internal IQueryable<Row> Query(string term, int limit) =>
        // Each way of matching is its own branch so each can use its index (GIN full text, GIN trigram, unique SKU);
        // one WHERE with OR across them scans every product. The snippet is made only for the rows returned.
        db.Database.SqlQuery<Row>($"""
            WITH q AS (SELECT websearch_to_tsquery('english', {term}) AS q),
            matches AS (
                SELECT p.id FROM catalog.products p, q WHERE p.search_vector @@ q.q
                UNION
                SELECT p.id FROM catalog.products p WHERE {term} <% p.name
                UNION
                SELECT v.product_id FROM catalog.variants v WHERE v.sku = upper({term})
            ),
            ranked AS (
                SELECT p.name, p.slug, p.summary, (ts_rank(p.search_vector, q.q) + word_similarity({term}, p.name))::float8 AS rank
                FROM catalog.products p JOIN matches m ON m.id = p.id, q
                WHERE p.status = 'Active'
                ORDER BY rank DESC, p.name
                LIMIT {limit}
            )
            SELECT r.name AS "Name", r.slug AS "Slug",
                   ts_headline('english', r.summary, q.q, {"StartSel=" + Open + ", StopSel=" + Close + ", HighlightAll=true"}) AS "Snippet",
                   r.rank AS "Rank"
            FROM ranked r, q
            ORDER BY r.rank DESC, r.name
            """);

    private static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Open, "<mark>", StringComparison.Ordinal).Replace(Close, "</mark>", StringComparison.Ordinal);
}
