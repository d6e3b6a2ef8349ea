using FibroStore.SharedKernel.Data;

namespace FibroStore.Catalog.Pages.Staff.Catalog.Products;

public sealed class ProductList(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Result Products { get; private set; } = new([], false);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (PageNumber is < 1 or > 10_000 || (Search?.Length ?? 0) > 100) return BadRequest();
        Products = await mediator.Send(new Query(Search?.Trim(), Status, PageNumber), ct);
        return Page();
    }

    public sealed record Query(string? Search, string? Status, int PageNumber) : IQuery<Result>;
    public sealed record Row(Guid Id, string Name, string Slug, string Status, decimal Price, int Variants, int Available, bool Tracked);
    public sealed record Result(IReadOnlyList<Row> Rows, bool HasNext);

    internal sealed class Handler(CatalogDbContext db) : IQueryHandler<Query, Result>
    {
        private const int PageSize = 50;

        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var products = db.Products.AsNoTracking();
            if (Enum.TryParse<ProductStatus>(query.Status, ignoreCase: true, out var status)) products = products.Where(p => p.Status == status);
            if (!string.IsNullOrEmpty(query.Search))
            {
                var pattern = LikePattern.Containing(query.Search);
                products = products.Where(p => EF.Functions.ILike(p.Name, pattern) || p.Variants.Any(v => EF.Functions.ILike(v.Sku, pattern)));
            }
            var rows = await products.OrderBy(p => p.Name).ThenBy(p => p.Id)
                .Skip((query.PageNumber - 1) * PageSize).Take(PageSize + 1)
                .Select(p => new Row(p.Id, p.Name, p.Slug, p.Status.ToString(), p.MinPrice, p.Variants.Count(v => !v.IsArchived),
                    p.Variants.Where(v => !v.IsArchived && v.TrackStock).Sum(v => v.OnHand - v.Reserved),
                    p.Variants.Any(v => !v.IsArchived && v.TrackStock)))
                .ToListAsync(ct);
            return new Result(rows.Take(PageSize).ToList(), rows.Count > PageSize);
        }
    }
}
