using FibroStore.SharedKernel.Clustering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Catalog.Pages.Shop;

/// <summary>The shop grid, and the same grid for one category (/shop/category/{category}).</summary>
[AllowAnonymous]
// Only the filters below make a different page; any other key (a tracking tag, or random keys sent to fill the
// cache) is served the same cached page instead of making an entry of its own.
[OutputCache(Tags = [PageCacheTags.All, CatalogCacheTags.Catalog], VaryByQueryKeys = [MinKey, MaxKey, InStockKey, SortKey, PageKey])]
public sealed class ShopIndex(IMediator mediator) : PageModel
{
    private const string MinKey = "min", MaxKey = "max", InStockKey = "instock", SortKey = "sort", PageKey = "p";

    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true, Name = MinKey)] public decimal? MinPrice { get; set; }
    [BindProperty(SupportsGet = true, Name = MaxKey)] public decimal? MaxPrice { get; set; }
    [BindProperty(SupportsGet = true, Name = InStockKey)] public bool InStock { get; set; }
    [BindProperty(SupportsGet = true, Name = SortKey)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = PageKey)] public int PageNumber { get; set; } = 1;

    public ShopResult Result { get; private set; } = new([], 0, 1, "", null, null, [], []);
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Sort = Sort is not null && ShopQuery.Sorts.ContainsKey(Sort) ? Sort : null;
        if (!ModelState.IsValid)
            Problem = "Prices must be numbers, such as 10 or 24.50.";
        else if (MinPrice < 0 || MaxPrice < 0 || MinPrice > Variant.MaxPrice || MaxPrice > Variant.MaxPrice)
            Problem = $"Prices must be between 0 and {Variant.MaxPrice:0}.";
        else if (MinPrice > MaxPrice)
            Problem = "The lowest price must not be more than the highest price.";
        else if (PageNumber is < 1 or > 10_000)
            Problem = "That page number does not exist.";
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Result = Result with { Categories = (await mediator.Send(new ShopQuery(null, null, null, false, "newest", 1), ct))!.Categories };
            return Page();
        }

        var result = await mediator.Send(new ShopQuery(Category, MinPrice, MaxPrice, InStock, Sort ?? "newest", PageNumber), ct);
        if (result is null) return NotFound();
        Result = result;
        return Page();
    }

    public string Title => Result.Category?.Name ?? "Shop";

    /// <summary>
    /// The address search engines should keep for this page: the shop or category and its page number. Sorting and
    /// filters show the same products in another order or fewer of them, so they are left out.
    /// </summary>
    public string CanonicalPath =>
        (Result.Category?.Url ?? "/shop") + (PageNumber > 1 && Problem is null ? $"?p={PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "");

    /// <summary>This page's address with one setting changed, keeping the other filters.</summary>
    public string UrlWith(int? page = null)
    {
        var query = new List<KeyValuePair<string, string?>>();
        if (MinPrice is { } min) query.Add(new(MinKey, Money.Plain(min)));
        if (MaxPrice is { } max) query.Add(new(MaxKey, Money.Plain(max)));
        if (InStock) query.Add(new(InStockKey, "true"));
        if (Sort is not null) query.Add(new(SortKey, Sort));
        if ((page ?? 1) > 1) query.Add(new(PageKey, page!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var path = Result.Category?.Url ?? "/shop";
        return path + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }
}
