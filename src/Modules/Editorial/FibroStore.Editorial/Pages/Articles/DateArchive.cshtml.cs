using FibroStore.Editorial.Discovery;
using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Editorial.Pages.Articles;

/// <summary>The articles of one year, month or day (in the store's time zone), newest first: where old date archives lead.</summary>
[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, EditorialCache.All, EditorialCache.Indexes], VaryByQueryKeys = ["page"])]
public sealed class DateArchive(IMediator mediator) : PageModel
{
    public Result Shown { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int year, int? month, int? day, [FromQuery(Name = "page")] int pageNumber = 1, CancellationToken ct = default)
    {
        var result = await mediator.Send(new Query(year, month, day, pageNumber), ct);
        if (result is null) return NotFound();
        Shown = result;
        return Page();
    }

    public sealed record Query(int Year, int? Month, int? Day, int PageNumber) : IQuery<Result?>;
    public sealed record Result(string Name, string BaseUrl, ArticlePage Listing);

    internal sealed class Handler(EditorialDbContext db, ISiteSettings settings) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query query, CancellationToken cancellationToken)
        {
            var zone = (await settings.GetAsync(cancellationToken)).TimeZone;
            if (DatePeriod.Of(query.Year, query.Month, query.Day, zone) is not { } period) return null;
            var articles = db.Articles.AsNoTracking().Live().Where(a => a.PublishedAt >= period.From && a.PublishedAt < period.To);
            var listing = await articles.PageAsync(query.PageNumber, cancellationToken);
            if (listing is null || listing.Items.Count == 0) return null;
            var name = query.Day is int d ? new DateOnly(query.Year, query.Month!.Value, d).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
                : query.Month is int m ? new DateOnly(query.Year, m, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture)
                : query.Year.ToString(CultureInfo.InvariantCulture);
            return new Result(name, ArticleUrls.DateArchive(query.Year, query.Month, query.Day), listing);
        }
    }
}
