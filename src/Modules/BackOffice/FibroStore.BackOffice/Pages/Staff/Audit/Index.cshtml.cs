using FibroStore.BackOffice.Audit;
using FibroStore.BackOffice.Data;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.BackOffice.Pages.Staff.Audit;

public sealed class AuditLog(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<string> VisibleAreas { get; private set; } = [];
    public Result Entries { get; private set; } = new([], false);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        VisibleAreas = AuditVisibility.AreasFor(User);
        if (Area is not null && !VisibleAreas.Contains(Area))
            return NotFound();
        if (PageNumber is < 1 or > 100_000)
            return BadRequest();
        Entries = await mediator.Send(new Query(Area is null ? VisibleAreas : [Area], PageNumber), ct);
        return Page();
    }

    public sealed record Query(IReadOnlyList<string> Areas, int PageNumber) : IQuery<Result>;
    public sealed record Result(IReadOnlyList<Row> Rows, bool HasNext);
    public sealed record Row(DateTimeOffset At, string ActorId, string Area, string Action, string EntityType, string EntityId, string? Before, string? After);

    internal sealed class Handler(BackOfficeDbContext db) : IQueryHandler<Query, Result>
    {
        private const int PageSize = 50;

        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var areas = query.Areas.ToList();
            var rows = await db.AuditEntries.AsNoTracking()
                .Where(a => areas.Contains(a.Area))
                .OrderByDescending(a => a.At).ThenBy(a => a.Id)
                .Skip((query.PageNumber - 1) * PageSize).Take(PageSize + 1)
                .Select(a => new Row(a.At, a.ActorId, a.Area, a.Action, a.EntityType, a.EntityId, a.Before, a.After))
                .ToListAsync(cancellationToken);
            return new Result(rows.Take(PageSize).ToList(), rows.Count > PageSize);
        }
    }
}
