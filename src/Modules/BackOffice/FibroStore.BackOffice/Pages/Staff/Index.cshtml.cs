using System.Diagnostics;
using System.Globalization;
using FibroStore.BackOffice.Contracts;
using FibroStore.BackOffice.Dashboard;
using FibroStore.SharedKernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.BackOffice.Pages.Staff;

/// <summary>
/// The staff home: how the store is doing in a chosen period, against the period before, and what is waiting.
/// Each part is loaded only for the roles that may see it (an Editor sees no sales, a Merchandiser no subscribers).
/// </summary>
public sealed partial class StaffHome(IMediator mediator, ISiteSettings siteSettings, TimeProvider clock, IAuthorizationService authorization)
    : PageModel
{
    [BindProperty(SupportsGet = true, Name = "period")] public string? Choice { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    internal Period? Shown { get; private set; }
    internal string? Problem { get; private set; }
    internal string TimeZoneId { get; private set; } = "";
    internal IReadOnlyList<Headline> Headlines { get; private set; } = [];
    internal IReadOnlyList<Chart> Charts { get; private set; } = [];
    internal IReadOnlyList<TodoItem> Todo { get; private set; } = [];

    public string SelectedChoice => Choice ?? PeriodChoices.Week;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var timer = Stopwatch.StartNew();
        var settings = await siteSettings.GetAsync(ct);
        TimeZoneId = settings.TimeZoneId;
        var today = Period.Today(clock.GetUtcNow(), settings.TimeZone);
        if (!ModelState.IsValid)
            Problem = "Dates should look like 2026-11-30.";
        else
            (Shown, Problem) = PeriodChoices.Resolve(Choice, From, To, today, settings.TimeZone);
        From ??= today.AddDays(-6);
        To ??= today;
        if (Shown is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var parts = new List<DashboardPart>();
        if (await AllowedAsync(StaffPolicies.Merchandising))
            parts.Add(await mediator.Send(new LoadSales(Shown), ct));
        if (await AllowedAsync(StaffPolicies.Editorial))
            parts.Add(await mediator.Send(new LoadReaders(Shown), ct));
        parts.Add(await mediator.Send(new LoadShopLeads(Shown), ct));
        Headlines = parts.SelectMany(p => p.Headlines).ToList();
        Charts = parts.SelectMany(p => p.Charts).ToList();
        Todo = parts.SelectMany(p => p.Todo).ToList();
        Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"dashboard;dur={timer.Elapsed.TotalMilliseconds:0.0}");
        return Page();
    }

    private async Task<bool> AllowedAsync(string policy) => (await authorization.AuthorizeAsync(User, policy)).Succeeded;
}
