using System.Diagnostics;
using System.Globalization;
using FibroStore.SiteServices.Contracts;
using FibroStore.BackOffice.Dashboard;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FibroStore.BackOffice.Pages.Staff;

/// <summary>
/// The staff home: how the store is doing in a chosen period, against the period before, and what is waiting.
/// Each part is loaded only for the roles that may see it (an Editor sees no sales, a Merchandiser no subscribers).
/// </summary>
public sealed partial class StaffHome(IMediator mediator, ISiteSettings siteSettings, TimeProvider clock, IAuthorizationService authorization,
    ILogger<StaffHome> logger) : PageModel
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
    internal IReadOnlyList<string> Unavailable { get; private set; } = [];

    public string SelectedChoice => Choice ?? PeriodChoices.Week;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var timer = Stopwatch.StartNew();
        var settings = await siteSettings.GetAsync(ct);
        TimeZoneId = settings.TimeZoneId;
        var today = ZonedTime.DayOf(clock.GetUtcNow(), settings.TimeZone);
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
        var unavailable = new List<string>();
        var timings = new List<string>();
        // One module failing leaves the rest of the page useful; the failure is logged for whoever looks after the store.
        async Task LoadAsync(IQuery<DashboardPart> query, string what, string timing)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                parts.Add(await mediator.Send(query, ct));
                timings.Add(string.Create(CultureInfo.InvariantCulture, $"{timing};dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0}"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPartFailed(logger, what, ex);
                unavailable.Add(what);
            }
        }
        if (await AllowedAsync(StaffPolicies.Merchandising))
            await LoadAsync(new LoadSales(Shown), "Sales and stock", "sales");
        if (await AllowedAsync(StaffPolicies.Editorial))
            await LoadAsync(new LoadReaders(Shown), "Subscribers, articles and replies", "readers");
        await LoadAsync(new LoadShopLeads(Shown), "Articles that led readers to the shop", "leads");
        if (await AllowedAsync(StaffPolicies.Admin))
            await LoadAsync(new LoadParked(), "Messages on hold", "parked");
        Unavailable = unavailable;
        Headlines = parts.SelectMany(p => p.Headlines).ToList();
        Charts = parts.SelectMany(p => p.Charts).ToList();
        Todo = parts.SelectMany(p => p.Todo).ToList();
        Response.Headers["Server-Timing"] = string.Join(", ",
            [string.Create(CultureInfo.InvariantCulture, $"dashboard;dur={timer.Elapsed.TotalMilliseconds:0.0}"), .. timings]);
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The staff home could not load {Part}.")]
    private static partial void LogPartFailed(ILogger logger, string part, Exception ex);

    private async Task<bool> AllowedAsync(string policy) => (await authorization.AuthorizeAsync(User, policy)).Succeeded;
}
