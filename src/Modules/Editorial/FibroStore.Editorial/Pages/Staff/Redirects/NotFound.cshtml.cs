using FibroStore.Editorial.Discovery;
using Microsoft.Extensions.Options;

namespace FibroStore.Editorial.Pages.Staff.Redirects;

/// <summary>The addresses people and search engines still ask for that find nothing, the most asked first, a page at a time.</summary>
public sealed class NotFoundLogPage(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    /// <summary>The text searched for, as used: trimmed and cut to the longest address.</summary>
    public string? Search { get; private set; }

    public Listing Log { get; private set; } = new([], 0, 0, 1, 1, 0, 0, "");

    /// <param name="p">The page, read by hand so that junk in the address shows the first page instead of an error.</param>
    public async Task OnGetAsync(string? p, CancellationToken ct)
    {
        Search = RedirectListing.Search(Q);
        Log = await mediator.Send(new Query(Search, RedirectListing.RequestedPage(p)), ct);
    }

    /// <summary>Times are in the store's time zone, <see cref="Listing.TimeZoneId"/>.</summary>
    public sealed record Row(string Path, long Hits, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

    /// <param name="Total">Every address in the log.</param>
    /// <param name="Matching">The addresses that contain the search (all of them without one).</param>
    public sealed record Listing(IReadOnlyList<Row> Rows, int Total, int Matching, int PageNumber, int PageCount, int MaxPaths, int KeepDays, string TimeZoneId)
    {
        public bool Full => Total >= MaxPaths;
    }

    public sealed record Query(string? Search, int PageNumber) : IQuery<Listing>;

    internal sealed class Handler(EditorialDbContext db, IOptions<NotFoundLogOptions> options, ISiteSettings siteSettings) : IQueryHandler<Query, Listing>
    {
        public async ValueTask<Listing> Handle(Query query, CancellationToken ct)
        {
            var all = db.NotFoundPaths.AsNoTracking();
            var total = await all.CountAsync(ct);
            var matching = all;
            if (query.Search is { } search)
            {
                var pattern = LikePattern.Containing(search);
                matching = all.Where(p => EF.Functions.ILike(p.Path, pattern, LikePattern.Escape));
            }
            var count = query.Search is null ? total : await matching.CountAsync(ct);
            var (pageNumber, pageCount) = RedirectListing.Clamp(query.PageNumber, count);
            var rows = await matching.OrderByDescending(p => p.Hits).ThenByDescending(p => p.LastSeenAt).ThenBy(p => p.Path)
                .Skip((pageNumber - 1) * RedirectListing.PageSize).Take(RedirectListing.PageSize)
                .Select(p => new Row(p.Path, p.Hits, p.FirstSeenAt, p.LastSeenAt)).ToListAsync(ct);
            var settings = await siteSettings.GetAsync(ct);
            return new Listing(rows.Select(r => r with { FirstSeenAt = r.FirstSeenAt.In(settings), LastSeenAt = r.LastSeenAt.In(settings) }).ToList(),
                total, count, pageNumber, pageCount, options.Value.MaxPaths, options.Value.KeepDays, settings.TimeZone.Id);
        }
    }
}
