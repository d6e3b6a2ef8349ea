using FibroStore.SharedKernel.Search;
using FibroStore.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Web.Pages;

/// <summary>One search box for the whole store: each module that has something to find adds a source.</summary>
[AllowAnonymous]
public sealed class SearchModel(IEnumerable<ISiteSearchSource> sources, SearchThrottle throttle) : PageModel
{
    public const int MaxQueryLength = 200;

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
        // The search form itself, without a query, costs nothing and is not counted.
        if (await throttle.WaitBeforeSearchingAsync(HttpContext, ct) is { } wait)
        {
            Problem = SearchThrottle.Refuse(Response, wait);
            return Page();
        }
        var results = await Task.WhenAll(sources.Select(s => s.SearchAsync(Query, 20, ct)));
        Hits = results.SelectMany(r => r).OrderByDescending(h => h.Rank).ToList();
        return Page();
    }
}
