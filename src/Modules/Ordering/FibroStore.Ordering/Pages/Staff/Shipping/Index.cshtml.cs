namespace FibroStore.Ordering.Pages.Staff.Shipping;

public sealed class ShippingOptionList(IMediator mediator) : PageModel
{
    internal IReadOnlyList<Row> Options { get; private set; } = [];
    public string? Notice { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Notice = saved ? "Shipping option saved." : null;
        Options = await mediator.Send(new Query(), ct);
    }

    internal sealed record Query : IQuery<IReadOnlyList<Row>>;
    internal sealed record Row(Guid Id, string Name, string? Description, decimal Price, decimal? FreeOver, int Position, bool Active);

    internal sealed class Handler(OrderingDbContext db) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken ct) =>
            await db.ShippingOptions.AsNoTracking()
                .OrderByDescending(s => s.IsActive).ThenBy(s => s.Position).ThenBy(s => s.Name)
                .Select(s => new Row(s.Id, s.Name, s.Description, s.Price, s.FreeOver, s.Position, s.IsActive))
                .ToListAsync(ct);
    }
}
