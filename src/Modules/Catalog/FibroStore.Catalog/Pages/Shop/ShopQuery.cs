namespace FibroStore.Catalog.Pages.Shop;

public sealed record Crumb(string Title, string Url);
public sealed record CategoryLink(Guid Id, string Name, string Slug, string Url, int Depth);

/// <summary>The shop grid: filters and sort come from the address, so a filtered page can be shared.</summary>
internal sealed record ShopQuery(string? Category, decimal? MinPrice, decimal? MaxPrice, bool InStock, string Sort, int Page) : IQuery<ShopResult?>
{
    public const int PageSize = 24;
    public static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["newest"] = "Newest first", ["price-asc"] = "Price, low to high", ["price-desc"] = "Price, high to low",
        ["name"] = "Name, A to Z", ["best-selling"] = "Best-selling",
    };
}

public sealed record ShopResult(
    IReadOnlyList<ProductCard> Cards, int Total, int PageCount, string Currency,
    CategoryLink? Category, string? CategoryDescription, IReadOnlyList<Crumb> Breadcrumbs, IReadOnlyList<CategoryLink> Categories);
