using FibroStore.Editorial.Import;

namespace FibroStore.Editorial.Pages.Staff.Articles;

[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportWordPress(IMediator mediator) : PageModel
{
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    /// <summary>The page lists at most this many report lines; the CSV has them all.</summary>
    public const int LinesShown = 300;

    [BindProperty] public IFormFile? Export { get; set; }
    [BindProperty] public IFormFile? Uploads { get; set; }
    [BindProperty] public bool ShowDisclaimer { get; set; }
    public Report? Result { get; private set; }
    public IReadOnlyList<PastRun> PastRuns { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => PastRuns = await mediator.Send(new ListRuns(), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Export is null || Export.Length == 0)
            ModelState.AddModelError(nameof(Export), "Choose the WordPress export file (.xml) to import.");
        if (ModelState.IsValid)
        {
            await using var wxr = Export!.OpenReadStream();
            await using var zip = Uploads is { Length: > 0 } ? Uploads.OpenReadStream() : null;
            var outcome = await mediator.Send(new Run(wxr, zip, ShowDisclaimer, User.StaffId()), ct);
            if (outcome.IsDone) Result = outcome.Value;
            else this.Show(outcome.Refusal);
        }
        PastRuns = await mediator.Send(new ListRuns(), ct);
        return Page();
    }

    /// <summary>The full report of one import as CSV, one line per item.</summary>
    public async Task<IActionResult> OnGetReportAsync(Guid id, CancellationToken ct)
    {
        var csv = await mediator.Send(new DownloadReport(id), ct);
        return csv is null ? NotFound() : File(csv.Value.Content, "text/csv; charset=utf-8", csv.Value.FileName);
    }

    public sealed record Totals(
        int ArticlesAdded, int ArticlesUpdated, int ArticlesUnchanged, int Conflicts, int PagesSent,
        int RepliesAdded, int RepliesHeld, int RepliesApproved, int CommentsSpam, int CommentsTrash, int CommentsOther,
        int Redirects, int ImagesStored, int ImagesMissing, int ItemsSkipped);

    public sealed record Line(string Kind, string WordPressId, string Title, string Outcome, string Reason,
        DateTimeOffset? WordPressModified, DateTimeOffset? StoreModified, string? Address);

    public sealed record Report(Guid RunId, Totals Totals, IReadOnlyList<Line> Lines, int LineCount);
    public sealed record PastRun(Guid Id, string Site, DateTimeOffset FinishedAt, Totals? Totals);
    public sealed record Run(Stream Export, Stream? Uploads, bool ShowDisclaimer, string ActorId) : ICommand<Outcome<Report>>;
    public sealed record ListRuns : IQuery<IReadOnlyList<PastRun>>;
    public sealed record DownloadReport(Guid Id) : IQuery<(byte[] Content, string FileName)?>;

    internal sealed class Handler(WxrImporter importer, EditorialDbContext db)
        : ICommandHandler<Run, Outcome<Report>>, IQueryHandler<ListRuns, IReadOnlyList<PastRun>>, IQueryHandler<DownloadReport, (byte[] Content, string FileName)?>
    {
        public async ValueTask<Outcome<Report>> Handle(Run command, CancellationToken cancellationToken)
        {
            var imported = await importer.ImportAsync(command.Export, command.Uploads, new ImportOptions(command.ShowDisclaimer), command.ActorId, cancellationToken);
            // The file as a whole was refused, so the message belongs beside the file field.
            if (!imported.IsDone) return imported.Refusal with { Field = nameof(Export) };
            var result = imported.Value;
            // Lines that need a look come first: conflicts, then what was skipped, missing or changed on the way.
            var notable = result.Lines.OrderBy(l => l.Outcome switch
            {
                Outcomes.Conflict => 0, Outcomes.Skipped => 1, Outcomes.Missing => 2, Outcomes.Updated => 3, Outcomes.Added => 4, _ => 5,
            }).Where(l => l.Outcome != Outcomes.Unchanged).Take(LinesShown).Select(ToLine).ToList();
            return new Report(result.RunId, ToTotals(result.Summary), notable, result.Lines.Count);
        }

        public async ValueTask<IReadOnlyList<PastRun>> Handle(ListRuns query, CancellationToken cancellationToken)
        {
            var runs = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(10)
                .Select(r => new { r.Id, r.SiteKey, r.FinishedAt, r.SummaryJson }).ToListAsync(cancellationToken);
            return runs.Select(r => new PastRun(r.Id, r.SiteKey, r.FinishedAt,
                ImportReport.DeserializeSummary(r.SummaryJson) is { } s ? ToTotals(s) : null)).ToList();
        }

        public async ValueTask<(byte[] Content, string FileName)?> Handle(DownloadReport query, CancellationToken cancellationToken)
        {
            var run = await db.ImportRuns.AsNoTracking().Where(r => r.Id == query.Id)
                .Select(r => new { r.ReportJson, r.FinishedAt }).SingleOrDefaultAsync(cancellationToken);
            return run is null ? null
                : (ImportReport.ToCsv(ImportReport.Deserialize(run.ReportJson)), $"wordpress-import-{run.FinishedAt.UtcDateTime:yyyy-MM-dd-HHmm}.csv");
        }

        private static Totals ToTotals(ImportSummary s) => new(s.ArticlesAdded, s.ArticlesUpdated, s.ArticlesUnchanged, s.Conflicts, s.PagesSent,
            s.RepliesAdded, s.RepliesHeld, s.RepliesApproved, s.CommentsSpam, s.CommentsTrash, s.CommentsOther, s.Redirects,
            s.ImagesStored, s.ImagesMissing, s.ItemsSkipped);

        private static Line ToLine(ReportLine l) => new(l.Kind, l.WordPressId, l.Title, l.Outcome, l.Reason, l.WordPressModified, l.StoreModified, l.Address);
    }
}
