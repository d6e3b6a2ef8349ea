using System.Net;
using FibroStore.Editorial.Data;
using FibroStore.Editorial.Pages;
using FibroStore.SharedKernel.Search;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Editorial.Discovery;

/// <summary>
/// Articles for the site search: PostgreSQL full-text search (title weighted A, excerpt B, body C) with
/// highlighted snippets, falling back on trigram similarity of the title so a small typo still finds it.
/// </summary>
internal sealed class ArticleSearch(EditorialDbContext db) : ISiteSearchSource
{
    // Control characters cannot appear in stored text, so they mark the highlights safely before escaping.
    private const string Start = "\u0002";
    private const string Stop = "\u0003";

    public string Kind => "Article";

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int max, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<Row>($"""
            WITH q AS (SELECT websearch_to_tsquery('english', {query}) AS ts)
            SELECT a.title AS "Title", a.slug AS "Slug",
                   ts_headline('english', a.excerpt || ' ' || a.body_text, q.ts,
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2') AS "Snippet",
                   (ts_rank(a.search_vector, q.ts) + word_similarity({query}, a.title) * 0.5)::float8 AS "Rank"
            FROM editorial.articles a, q
            WHERE a.status = 'Published'
              AND (a.search_vector @@ q.ts OR word_similarity({query}, a.title) > 0.45)
            ORDER BY "Rank" DESC, a.published_at DESC
            LIMIT {max}
            """).ToListAsync(ct);
        return rows.Select(r => new SearchHit(Kind, r.Title, ArticleUrls.Article(r.Slug), Highlight(r.Snippet), r.Rank)).ToList();
    }

    /// <summary>Escapes the snippet, then turns the markers into &lt;mark&gt; elements.</summary>
    public static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Start, "<mark>", StringComparison.Ordinal).Replace(Stop, "</mark>", StringComparison.Ordinal);

    internal sealed record Row(string Title, string Slug, string Snippet, double Rank);
}
