using Microsoft.AspNetCore.Authorization;

namespace FibroStore.Ordering.Pages.Orders;

/// <summary>"My orders": a signed-in shopper's orders, newest first.</summary>
[Authorize]
public sealed class MyOrdersPage(IMediator mediator, ISiteSettings siteSettings) : PageModel
{
    internal IReadOnlyList<Row> Orders { get; private set; } = [];

    internal TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Orders = await mediator.Send(new Query(CartStore.CustomerId(User) ?? ""), ct);
        Zone = (await siteSettings.GetAsync(ct)).TimeZone;
    }

    internal sealed record Row(string Number, DateTimeOffset PlacedAt, OrderStatus Status, decimal Total, string Currency, int Items);

    internal sealed record Query(string CustomerId) : IQuery<IReadOnlyList<Row>>;

    internal sealed class Handler(OrderingDbContext db) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken ct) =>
            (await Newest(db, query.CustomerId).ToListAsync(ct))
            .Select(o => new Row(Order.FormatNumber(o.Number), o.PlacedAt, o.Status, o.Total, o.Currency, o.Items))
            .ToList();

        internal sealed record Listed(long Number, DateTimeOffset PlacedAt, OrderStatus Status, decimal Total, string Currency, int Items);

        /// <summary>The shopper's newest orders: the page's one query.</summary>
        internal static IQueryable<Listed> Newest(OrderingDbContext db, string customerId) =>
            db.Orders.AsNoTracking().IgnoreAutoIncludes()
                .Where(o => o.CustomerId == customerId)
                .OrderByDescending(o => o.PlacedAt)
                .Take(200)
                .Select(o => new Listed(o.Number, o.PlacedAt, o.Status, o.Total, o.Currency, o.Lines.Sum(l => l.Quantity)));
    }
}
