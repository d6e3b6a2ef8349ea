using FibroStore.SharedKernel.Search;

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
        // <% is the operator the title's trigram index answers; its threshold is a setting, set here for this search
        // alone to the 0.45 that lets a typo such as "magnesim cramps" still find its article.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL pg_trgm.word_similarity_threshold = 0.45", ct);
        var rows = await Query(query, max).ToListAsync(ct);
        await tx.CommitAsync(ct);
        return rows.Select(r => new SearchHit(Kind, r.Title, ArticleUrls.Article(r.Slug), Highlight(r.Snippet), r.Rank)).ToList();
    }

    /// <summary>
    /// Each way of matching is its own branch so each uses its index (GIN full text, GIN trigram on the title through
    /// <c>&lt;%</c>); one WHERE with OR across them reads every published article. The snippet is made only for the
    /// rows returned.
    /// </summary>
    internal IQueryable<Row> Query(string query, int max) =>
        db.Database.SqlQuery<Row>($"""
            WITH q AS (SELECT websearch_to_tsquery('english', {query}) AS ts),
            matches AS (
                SELECT a.id FROM editorial.articles a, q WHERE a.search_vector @@ q.ts
                UNION
                SELECT a.id FROM editorial.articles a WHERE {query} <% a.title
            ),
            ranked AS (
                SELECT a.title, a.slug, a.excerpt, a.body_text, a.published_at,
                       (ts_rank(a.search_vector, q.ts) + word_similarity({query}, a.title) * 0.5)::float8 AS rank
                FROM editorial.articles a JOIN matches m ON m.id = a.id, q
                WHERE a.status = 'Published'
                ORDER BY rank DESC, a.published_at DESC
                LIMIT {max}
            )
            SELECT r.title AS "Title", r.slug AS "Slug",
                   ts_headline('english', r.excerpt || ' ' || r.body_text, q.ts,
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2') AS "Snippet",
                   r.rank AS "Rank"
            FROM ranked r, q
            ORDER BY r.rank DESC, r.published_at DESC
            """);

    /// <summary>Escapes the snippet, then turns the markers into &lt;mark&gt; elements.</summary>
    public static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Start, "<mark>", StringComparison.Ordinal).Replace(Stop, "</mark>", StringComparison.Ordinal);

    internal sealed record Row(string Title, string Slug, string Snippet, double Rank);
}
