using FibroStore.Editorial.Data;
using FibroStore.Editorial.Discovery;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FibroStore.Editorial.Pages.Staff.Redirects;

/// <summary>The addresses people and search engines still ask for that find nothing, the most asked first.</summary>
public sealed class NotFoundLogPage(IMediator mediator) : PageModel
{
    public const int Shown = 500;

    public Listing Log { get; private set; } = new([], 0, 0, 0);

    public async Task OnGetAsync(CancellationToken ct) => Log = await mediator.Send(new Query(), ct);

    public sealed record Row(string Path, long Hits, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);
    public sealed record Listing(IReadOnlyList<Row> Rows, int Total, int MaxPaths, int KeepDays)
    {
        public bool Full => Total >= MaxPaths;
    }

    public sealed record Query : IQuery<Listing>;

    internal sealed class Handler(EditorialDbContext db, IOptions<NotFoundLogOptions> options) : IQueryHandler<Query, Listing>
    {
        public async ValueTask<Listing> Handle(Query query, CancellationToken ct)
        {
            var rows = await db.NotFoundPaths.AsNoTracking().OrderByDescending(p => p.Hits).ThenByDescending(p => p.LastSeenAt).Take(Shown)
                .Select(p => new Row(p.Path, p.Hits, p.FirstSeenAt, p.LastSeenAt)).ToListAsync(ct);
            var total = await db.NotFoundPaths.CountAsync(ct);
            return new Listing(rows, total, options.Value.MaxPaths, options.Value.KeepDays);
        }
    }
}
