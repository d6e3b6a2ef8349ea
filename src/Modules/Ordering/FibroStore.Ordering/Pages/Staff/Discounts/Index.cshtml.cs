namespace FibroStore.Ordering.Pages.Staff.Discounts;

public sealed class DiscountCodeList(IMediator mediator) : PageModel
{
    internal Result Codes { get; private set; } = new([], "");
    public string? Notice { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Notice = saved ? "Discount code saved." : null;
        Codes = await mediator.Send(new Query(), ct);
    }

    internal sealed record Query : IQuery<Result>;
    internal sealed record Row(Guid Id, string Code, string Value, string? Minimum, string? Starts, string? Ends, string Uses, bool Active);
    internal sealed record Result(IReadOnlyList<Row> Rows, string TimeZoneId);

    internal sealed class Handler(OrderingDbContext db, ISiteSettings siteSettings) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var settings = await siteSettings.GetAsync(ct);
            var zone = settings.TimeZone;
            var codes = await db.DiscountCodes.AsNoTracking().OrderByDescending(d => d.IsActive).ThenBy(d => d.Code).ToListAsync(ct);
            var rows = codes.Select(d => new Row(d.Id, d.Code,
                d.Kind == DiscountKind.Percent ? $"{d.Value:0.##}% off" : $"{SharedKernel.Money.Plain(d.Value)} off",
                d.MinimumSubtotal is { } m ? SharedKernel.Money.Plain(m) : null,
                d.StartsAt is { } s ? StoreTime.Show(s, zone) : null,
                d.EndsAt is { } e ? StoreTime.Show(e, zone) : null,
                d.UsageLimit is { } limit ? $"{d.TimesUsed} of {limit}" : d.TimesUsed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.IsActive)).ToList();
            return new Result(rows, settings.TimeZoneId);
        }
    }
}
