using System.Globalization;

namespace FibroStore.Subscribers.Pages.Staff.Subscribers;

/// <summary>One campaign's progress and the deliveries that failed, so staff can see who was refused and why.</summary>
public sealed class CampaignDetails(IMediator mediator) : PageModel
{
    internal const int PageSize = 50;

    internal Detail? Campaign { get; private set; }
    internal int PageNumber { get; private set; } = 1;

    /// <summary>The page number is read as text so that a malformed one is a 400 rather than silently page 1.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, [FromQuery(Name = "p")] string? p, CancellationToken ct)
    {
        if (p is not null)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1) return BadRequest();
            PageNumber = number;
        }
        Campaign = await mediator.Send(new Find(id, PageNumber), ct);
        return Campaign is null ? NotFound() : Page();
    }

    internal sealed record FailedDelivery(string Email, int Attempts, string? LastAnswer);

    internal sealed record Detail(CampaignList.Progress Progress, DateTimeOffset StartedInStoreTime, string TimeZoneId,
        IReadOnlyList<FailedDelivery> Failures, bool HasNextPage);

    internal sealed record Find(Guid Id, int PageNumber) : IQuery<Detail?>;

    internal sealed class Handler(SubscribersDbContext db, TimeProvider clock, ISiteSettings site) : IQueryHandler<Find, Detail?>
    {
        public async ValueTask<Detail?> Handle(Find query, CancellationToken cancellationToken)
        {
            var progress = (await CampaignList.Handler.ProgressAsync(db, clock, db.Campaigns.Where(c => c.Id == query.Id), cancellationToken))
                .SingleOrDefault();
            if (progress is null) return null;
            // One row more than a page tells whether there is a next page without counting every failure.
            var failures = await db.Deliveries.AsNoTracking()
                .Where(d => d.CampaignId == query.Id && d.Status == DeliveryStatus.Failed)
                .OrderBy(d => d.Id)
                .Skip((query.PageNumber - 1) * PageSize).Take(PageSize + 1)
                .Join(db.Subscribers, d => d.SubscriberId, s => s.Id, (d, s) => new FailedDelivery(s.Email, d.Attempts, d.LastAnswer))
                .ToListAsync(cancellationToken);
            var settings = await site.GetAsync(cancellationToken);
            return new Detail(progress, TimeZoneInfo.ConvertTime(progress.CreatedAt, settings.TimeZone), settings.TimeZoneId,
                failures.Take(PageSize).ToList(), failures.Count > PageSize);
        }
    }
}
