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

    /// <summary>Every article change evicts the editorial pages; only published articles are found, whoever asks.</summary>
    public string CacheTag => EditorialCache.All;

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
    /// Bounded work however many articles match: a shortlist of at most twice <paramref name="max"/> articles is
    /// ranked in full, and only the rows returned get a snippet. The shortlist takes, in this order and only as far
    /// as it needs: matches with a query word in the title or excerpt (ranked by that small vector, which lives in
    /// the row, through the search_head index), then matches in the body alone (newest first), then titles a typo
    /// away (closest first, through the title's trigram index with <c>&lt;%</c>). A typo lookalike or a body-only
    /// match therefore never pushes out a title match, and the large body vector is read for the shortlist alone.
    /// The snippet is made from the excerpt (or the body's opening when there is none), and from the opening of the
    /// body as well for a body-only match, never from the whole body.
    /// </summary>
    internal IQueryable<Row> Query(string query, int max) =>
        db.Database.SqlQuery<Row>($"""
            WITH q AS (SELECT websearch_to_tsquery('english', {query}) AS words,
                              replace(plainto_tsquery('english', {query})::text, '&', '|')::tsquery AS any_word),
            shortlist AS (
                (SELECT a.id, 1 AS tier FROM editorial.articles a, q
                 WHERE a.search_vector @@ q.words AND a.search_head @@ q.any_word AND a.status = 'Published'
                 ORDER BY ts_rank(a.search_head, q.any_word) DESC, a.published_at DESC
                 LIMIT {max * 2})
                UNION ALL
                (SELECT a.id, 2 FROM editorial.articles a, q
                 WHERE a.search_vector @@ q.words AND NOT a.search_head @@ q.any_word AND a.status = 'Published'
                 ORDER BY a.published_at DESC
                 LIMIT {max * 2})
                UNION ALL
                (SELECT a.id, 3 FROM editorial.articles a
                 WHERE {query} <% a.title AND a.status = 'Published'
                 ORDER BY {query} <<-> a.title
                 LIMIT {max * 2})
                LIMIT {max * 2}
            ),
            ranked AS (
                SELECT a.title, a.slug, a.excerpt, a.body_text, a.published_at, s.tier,
                       (ts_rank(a.search_vector, q.words) + word_similarity({query}, a.title) * 0.5)::float8 AS rank
                FROM editorial.articles a JOIN (SELECT id, min(tier) AS tier FROM shortlist GROUP BY id) s ON s.id = a.id, q
                ORDER BY rank DESC, a.published_at DESC
                LIMIT {max}
            )
            SELECT r.title AS "Title", r.slug AS "Slug",
                   ts_headline('english',
                       CASE WHEN r.tier = 2 THEN r.excerpt || ' ' || left(r.body_text, 2000)
                            ELSE coalesce(nullif(r.excerpt, ''), left(r.body_text, 300)) END,
                       q.words, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2') AS "Snippet",
                   r.rank AS "Rank"
            FROM ranked r, q
            ORDER BY r.rank DESC, r.published_at DESC
            """);

    /// <summary>Escapes the snippet, then turns the markers into &lt;mark&gt; elements.</summary>
    public static string Highlight(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Start, "<mark>", StringComparison.Ordinal).Replace(Stop, "</mark>", StringComparison.Ordinal);

    internal sealed record Row(string Title, string Slug, string Snippet, double Rank);
}
