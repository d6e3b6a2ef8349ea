using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FibroStore.Ordering.Pages.Staff.Orders;

public sealed class OrderList(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    internal Result Orders { get; private set; } = new([], false, "");
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (PageNumber is < 1 or > 10_000) return BadRequest();
        var filter = ReadFilter(Search, Status, From, To, out var problem);
        if (filter is null)
        {
            Problem = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Orders = await mediator.Send(new Query(filter, PageNumber), ct);
        return Page();
    }

    /// <summary>The filters from the query string, or null with the reason they cannot be used.</summary>
    internal static OrderFilter? ReadFilter(string? search, string? status, DateOnly? from, DateOnly? to, out string? problem)
    {
        problem = null;
        OrderStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<OrderStatus>(status, ignoreCase: false, out var s) || !Enum.IsDefined(s))
                problem = "Choose a status from the list.";
            else parsed = s;
        }
        if ((search?.Length ?? 0) > OrderFilter.SearchMaxLength) problem = $"Search for at most {OrderFilter.SearchMaxLength} characters.";
        if (from is { } f && to is { } t && t < f) problem = "The \"placed to\" date is before the \"placed from\" date.";
        return problem is null ? new OrderFilter(search?.Trim(), parsed, from, to) : null;
    }

    /// <summary>This list's address with its filters, on another page number or as the CSV export.</summary>
    public string Link(string path, int? page = null)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Search)) query["q"] = Search.Trim();
        if (!string.IsNullOrEmpty(Status)) query["status"] = Status;
        if (From is { } from) query["from"] = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (To is { } to) query["to"] = to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (page is { } p) query["p"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(path, query);
    }

    internal sealed record Query(OrderFilter Filter, int PageNumber) : IQuery<Result>;
    internal sealed record Row(string Number, string Placed, string Email, string? Name, string Status, int Items, string Total);
    internal sealed record Result(IReadOnlyList<Row> Rows, bool HasNext, string TimeZoneId);

    internal sealed class Handler(OrderingDbContext db, ISiteSettings siteSettings) : IQueryHandler<Query, Result>
    {
        private const int PageSize = 50;

        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var settings = await siteSettings.GetAsync(ct);
            var zone = settings.TimeZone;
            var found = await query.Filter.Apply(db.Orders.AsNoTracking().IgnoreAutoIncludes(), zone)
                .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Number)
                .Skip((query.PageNumber - 1) * PageSize).Take(PageSize + 1)
                .Select(o => new { o.Number, o.PlacedAt, o.Email, o.CustomerName, o.Status, Items = o.Lines.Sum(l => l.Quantity), o.Total, o.Currency })
                .ToListAsync(ct);
            var rows = found.Take(PageSize)
                .Select(o => new Row(Order.FormatNumber(o.Number), StoreTime.Show(o.PlacedAt, zone), o.Email, o.CustomerName,
                    OrderText.Status(o.Status), o.Items, SharedKernel.Money.Format(o.Total, o.Currency)))
                .ToList();
            return new Result(rows, found.Count > PageSize, settings.TimeZoneId);
        }
    }
}
