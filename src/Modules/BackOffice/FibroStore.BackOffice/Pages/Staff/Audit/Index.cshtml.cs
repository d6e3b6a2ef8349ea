using System.ComponentModel.DataAnnotations;
using FibroStore.Accounts.Contracts;
using FibroStore.BackOffice.Audit;
using FibroStore.SharedKernel;
using FibroStore.SiteServices.Contracts;
using Microsoft.AspNetCore.Http;

namespace FibroStore.BackOffice.Pages.Staff.Audit;

/// <summary>The audit trail, read-only: there is no handler here or anywhere else that changes or deletes a row.</summary>
public sealed class AuditLog(IMediator mediator, ISiteSettings siteSettings, IAccountDirectory accounts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true), StringLength(80)] public string? Action { get; set; }
    /// <summary>An email address or an account id.</summary>
    [BindProperty(SupportsGet = true), StringLength(256)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true), StringLength(200)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<string> VisibleAreas { get; private set; } = [];
    public AuditRecords Entries { get; private set; } = new([], false);
    /// <summary>Account id → "name (email)" for the people on this page; a deleted account has none.</summary>
    public IReadOnlyDictionary<string, string> ActorLabels { get; private set; } = new Dictionary<string, string>();
    public string TimeZoneId { get; private set; } = "";
    internal TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        VisibleAreas = AuditVisibility.AreasFor(User);
        if (Area is { Length: > 0 } && !VisibleAreas.Contains(Area))
            return NotFound();
        if (PageNumber is < 1 or > 100_000)
            return BadRequest();
        var settings = await siteSettings.GetAsync(ct);
        Zone = settings.TimeZone;
        TimeZoneId = settings.TimeZoneId;
        if (From is { } first && To is { } last && last < first)
            ModelState.AddModelError(nameof(To), "The last day comes before the first day. Please swap them.");
        var actorId = Clean(Actor);
        if (actorId is not null && actorId.Contains('@', StringComparison.Ordinal) && ModelState.IsValid)
        {
            // The log records ids only, so an email is looked up; a deleted account's email is erased and finds nothing.
            actorId = await accounts.FindIdByEmailAsync(actorId, ct);
            if (actorId is null)
                ModelState.AddModelError(nameof(Actor),
                    $"No account has the email {Clean(Actor)}. Check the spelling; a deleted account can only be found by its id.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Entries = await mediator.Send(new Query(new AuditSearch(
            Area is { Length: > 0 } ? [Area] : VisibleAreas,
            Clean(Action), actorId, Clean(Entity),
            From is { } from ? ZonedTime.StartOfDay(from, Zone) : null,
            To is { } to ? ZonedTime.StartOfDay(to.AddDays(1), Zone) : null,
            PageNumber)), ct);
        ActorLabels = await accounts.GetLabelsAsync(Entries.Rows.Select(r => r.ActorId).ToHashSet(), ct);
        return Page();
    }

    /// <summary>The filters as route values, so the pager keeps them.</summary>
    public Dictionary<string, string> RouteFor(int page)
    {
        var values = new Dictionary<string, string> { ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) values[key] = value; }
        Add("area", Area);
        Add("action", Action);
        Add("actor", Actor);
        Add("entity", Entity);
        Add("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return values;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public sealed record Query(AuditSearch Search) : IQuery<AuditRecords>;

    internal sealed class Handler(IAuditLog log) : IQueryHandler<Query, AuditRecords>
    {
        public async ValueTask<AuditRecords> Handle(Query query, CancellationToken cancellationToken) =>
            await log.SearchAsync(query.Search, cancellationToken);
    }
}
