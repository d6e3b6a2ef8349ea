using System.Net;
using FibroStore.Catalog.Data;
using FibroStore.SharedKernel.Search;
using Microsoft.EntityFrameworkCore;

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
        var limit = Math.Clamp(max, 1, 50);
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT p.name AS "Name", p.slug AS "Slug",
                   ts_headline('english', p.summary, q, {"StartSel=" + Open + ", StopSel=" + Close + ", HighlightAll=true"}) AS "Snippet",
                   (ts_rank(p.search_vector, q) + word_similarity({term}, p.name))::float8 AS "Rank"
            FROM catalog.products p, websearch_to_tsquery('english', {term}) q
            WHERE p.status = 'Active'
              AND (p.search_vector @@ q
                   OR {term} <% p.name
                   OR EXISTS (SELECT 1 FROM catalog.variants v WHERE v.product_id = p.id AND v.sku = upper({term})))
            ORDER BY "Rank" DESC, p.name
            LIMIT {limit}
            """).ToListAsync(ct);
        return rows.Select(r => new SearchHit(Kind, r.Name, ProductCards.UrlFor(r.Slug), Highlight(r.Snippet), r.Rank)).ToList();
    }

    private static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Open, "<mark>", StringComparison.Ordinal).Replace(Close, "</mark>", StringComparison.Ordinal);
}
