using FibroStore.SharedKernel.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace FibroStore.Web.Pages;

/// <summary>One search box for the whole store: each module that has something to find adds a source.</summary>
[AllowAnonymous]
[EnableRateLimiting(Infrastructure.SearchThrottle.Policy)]
public sealed class SearchModel(IEnumerable<ISiteSearchSource> sources) : PageModel
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
        var results = await Task.WhenAll(sources.Select(s => s.SearchAsync(Query, 20, ct)));
        Hits = results.SelectMany(r => r).OrderByDescending(h => h.Rank).ToList();
        return Page();
    }
}
