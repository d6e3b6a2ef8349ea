namespace FibroStore.Catalog.Pages.Staff.Catalog;

/// <summary>Tracked options at or below their low-stock threshold, emptiest first: what to reorder.</summary>
public sealed class LowStock(IMediator mediator) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await mediator.Send(new Query(), ct);

    public sealed record Query : IQuery<IReadOnlyList<Row>>;
    public sealed record Row(Guid VariantId, string Product, string Option, string Sku, int OnHand, int Reserved, int Threshold, string Status);

    internal sealed class Handler(CatalogDbContext db) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken ct) =>
            await db.Variants.AsNoTracking()
                .Where(v => v.TrackStock && !v.IsArchived && v.Product.Status != ProductStatus.Archived && v.OnHand - v.Reserved <= v.LowStockThreshold)
                .OrderBy(v => v.OnHand - v.Reserved).ThenBy(v => v.Product.Name)
                .Take(500)
                .Select(v => new Row(v.Id, v.Product.Name, v.Name, v.Sku, v.OnHand, v.Reserved, v.LowStockThreshold, v.Product.Status.ToString()))
                .ToListAsync(ct);
    }
}
