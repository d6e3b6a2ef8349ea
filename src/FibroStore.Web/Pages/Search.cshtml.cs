using FibroStore.SharedKernel.Search;
using FibroStore.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Web.Pages;

/// <summary>One search box for the whole store: each module that has something to find adds a source.</summary>
[AllowAnonymous]
public sealed class SearchModel(IEnumerable<ISiteSearchSource> sources, SearchResultCache cache, SearchThrottle throttle) : PageModel
{
    public const int MaxQueryLength = 200;
    private const int MaxHitsPerSource = 20;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    public IReadOnlyList<SearchHit> Hits { get; private set; } = [];
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Query = Query?.Trim();
        if (string.IsNullOrEmpty(Query))
            return Page();
        if (Query.Length > MaxQueryLength)
        {
            Problem = $"Please search for something shorter (at most {MaxQueryLength} characters).";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var normalized = SearchResultCache.Normalize(Query);
        var kept = sources.Select(s => (Source: s, Hits: cache.Find(s, normalized, MaxHitsPerSource))).ToList();
        // The throttle guards the database: a search answered wholly from memory costs what a cached page costs and
        // is not counted (nor is the empty search form). One that has to query is, before any query runs.
        if (kept.Any(k => k.Hits is null) && await throttle.WaitBeforeSearchingAsync(HttpContext, ct) is { } wait)
        {
            Problem = SearchThrottle.Refuse(Response, wait);
            return Page();
        }
        var results = await Task.WhenAll(kept.Select(k => k.Hits is { } hits
            ? Task.FromResult(hits)
            : cache.SearchAsync(k.Source, normalized, MaxHitsPerSource, ct)));
        Hits = results.SelectMany(r => r).OrderByDescending(h => h.Rank).ToList();
        return Page();
    }
}
