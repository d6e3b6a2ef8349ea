using System.Globalization;
using System.Text;
using FibroStore.SharedKernel.Data;

namespace FibroStore.Subscribers.Pages.Staff.Subscribers;

/// <summary>The list: counts by status, search by address or name, filter by status, and a CSV export.</summary>
public sealed class SubscriberList(IMediator mediator) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    internal Result Found { get; private set; } = new([], new Dictionary<SubscriberStatus, int>(), 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Found = await mediator.Send(new Search(Q, ParseStatus(Status), PageNumber), ct);
    }

    /// <summary>The whole filtered list as CSV, streamed row by row (the list may be large).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var actor = User.StaffId();
        await mediator.Send(new RecordExport(actor, ParseStatus(Status)), ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"subscribers.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync("email,first_name,status,preference,subscribed_at,confirmed_at");
        await foreach (var row in mediator.CreateStream(new Export(Q, ParseStatus(Status)), ct))
        {
            await writer.WriteLineAsync(string.Join(',', Csv(row.Email), Csv(row.FirstName), row.Status, row.Preference,
                row.CreatedAt.ToString("O", CultureInfo.InvariantCulture), row.ConfirmedAt?.ToString("O", CultureInfo.InvariantCulture) ?? ""));
        }
        // The file is already written: there is no page to render after it.
        return new EmptyResult();
    }

    private static SubscriberStatus? ParseStatus(string? value) =>
        Enum.TryParse<SubscriberStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;

    /// <summary>Quotes every field, and defuses a leading = + - @ so a spreadsheet never runs a subscriber's name as a formula.</summary>
    private static string Csv(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal)) text = "'" + text;
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    internal sealed record Row(Guid Id, string Email, string? FirstName, SubscriberStatus Status, SendPreference Preference,
        DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt);

    internal sealed record Result(IReadOnlyList<Row> Rows, IReadOnlyDictionary<SubscriberStatus, int> Counts, int Matching);

    internal sealed record Search(string? Text, SubscriberStatus? Status, int Page) : IQuery<Result>;

    internal sealed record Export(string? Text, SubscriberStatus? Status) : IStreamQuery<Row>;

    internal sealed record RecordExport(string ActorId, SubscriberStatus? Status) : ICommand;

    internal sealed class Handler(SubscribersDbContext db, TimeProvider clock)
        : IQueryHandler<Search, Result>, IStreamQueryHandler<Export, Row>, ICommandHandler<RecordExport>
    {
        public async ValueTask<Result> Handle(Search query, CancellationToken cancellationToken)
        {
            var counts = await db.Subscribers.GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            var filtered = Filter(query.Text, query.Status);
            var matching = await filtered.CountAsync(cancellationToken);
            var rows = await Project(filtered.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id)
                    .Skip((query.Page - 1) * PageSize).Take(PageSize))
                .ToListAsync(cancellationToken);
            return new Result(rows, counts, matching);
        }

        public IAsyncEnumerable<Row> Handle(Export query, CancellationToken cancellationToken) =>
            Project(Filter(query.Text, query.Status).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)).AsAsyncEnumerable();

        public async ValueTask<Unit> Handle(RecordExport command, CancellationToken cancellationToken)
        {
            // Who took a copy of the list is worth knowing later; the addresses themselves stay out of the audit log.
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Subscribers, "subscribers.exported", "SubscriberList",
                command.Status?.ToString() ?? "all");
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private IQueryable<Subscriber> Filter(string? text, SubscriberStatus? status)
        {
            var subscribers = db.Subscribers.AsNoTracking();
            if (status is { } wanted) subscribers = subscribers.Where(s => s.Status == wanted);
            if (!string.IsNullOrWhiteSpace(text))
            {
                var pattern = LikePattern.Containing(text.Trim().ToLowerInvariant());
                subscribers = subscribers.Where(s => EF.Functions.Like(s.NormalizedEmail, pattern)
                                                     || (s.FirstName != null && EF.Functions.ILike(s.FirstName, pattern)));
            }
            return subscribers;
        }

        private static IQueryable<Row> Project(IQueryable<Subscriber> subscribers) =>
            subscribers.Select(s => new Row(s.Id, s.Email, s.FirstName, s.Status, s.Preference, s.CreatedAt, s.ConfirmedAt));
    }
}
