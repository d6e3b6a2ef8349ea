using System.Globalization;
using CsvHelper;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Results;
using FibroStore.Subscribers.Pages.Subscribe;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Subscribers.Pages.Staff.Subscribers;

/// <summary>
/// Imports an existing list. Rows whose consent is recorded join as confirmed; the others are sent the confirmation
/// email and join only if they confirm. Addresses already on the list are left as they are. Every row is reported.
/// </summary>
[RequestSizeLimit(2 * MaxBytes)]
public sealed class ImportSubscribers(IMediator mediator) : PageModel
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 50_000;
    internal static readonly string[] Columns = ["email", "first_name", "subscribed_at", "consent"];

    internal Report? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            ModelState.AddModelError("file", "Choose a CSV file to import.");
        else if (file.Length > MaxBytes)
            ModelState.AddModelError("file", $"The file is larger than {MaxBytes / (1024 * 1024)} MB. Split it into smaller files.");
        if (!ModelState.IsValid) return Page();
        using var reader = new StreamReader(file!.OpenReadStream());
        var text = await reader.ReadToEndAsync(ct);
        var imported = await mediator.Send(new Import(text, User.StaffId()), ct);
        if (!imported.IsDone) return this.Refuse(imported.Refusal);
        Result = imported.Value;
        return Page();
    }

    internal sealed record RowProblem(int Row, string Problem);

    internal sealed record Report(int Added, int Invited, int AlreadyListed, IReadOnlyList<RowProblem> Problems);

    /// <summary>Done with a report of every row, even when some were skipped; refused when the file has no usable header.</summary>
    internal sealed record Import(string Text, string ActorId) : ICommand<Outcome<Report>>;

    internal sealed record Row(int Number, string Email, string? FirstName, DateTimeOffset? SubscribedAt, bool Consent);

    internal sealed record Rows(List<Row> Usable, List<RowProblem> Problems);

    internal sealed class Handler(SubscribersDbContext db, TimeProvider clock) : ICommandHandler<Import, Outcome<Report>>
    {
        public async ValueTask<Outcome<Report>> Handle(Import command, CancellationToken cancellationToken)
        {
            var read = Read(command.Text);
            if (!read.IsDone) return read.Refusal;
            var (rows, problems) = read.Value;
            var normalized = rows.Select(r => Subscriber.Normalize(r.Email)).ToList();
            var listed = (await db.Subscribers.Where(s => normalized.Contains(s.NormalizedEmail)).Select(s => s.NormalizedEmail)
                .ToListAsync(cancellationToken)).ToHashSet();
            var now = clock.GetUtcNow();
            int added = 0, invited = 0, already = 0;
            foreach (var row in rows)
            {
                var key = Subscriber.Normalize(row.Email);
                if (!listed.Add(key))
                {
                    already++;
                    continue;
                }
                var joined = row.SubscribedAt ?? now;
                var subscriber = new Subscriber
                {
                    Id = Guid.CreateVersion7(), Email = row.Email, NormalizedEmail = key, FirstName = row.FirstName,
                    Status = row.Consent ? SubscriberStatus.Confirmed : SubscriberStatus.Pending, Preference = SendPreference.EachArticle,
                    CreatedAt = joined, ConfirmedAt = row.Consent ? joined : null,
                };
                subscriber.Record("imported", now, row.Consent ? "with recorded consent" : "invited to confirm");
                db.Subscribers.Add(subscriber);
                if (row.Consent)
                {
                    added++;
                }
                else
                {
                    db.AddEvent(new ConfirmationDue(subscriber.Id), now);
                    invited++;
                }
            }
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Subscribers, "subscribers.imported", "SubscriberList", "import",
                after: new { Added = added, Invited = invited, AlreadyListed = already, Problems = problems.Count });
            await db.SaveChangesAsync(cancellationToken);
            return new Report(added, invited, already, problems);
        }

        private static Outcome<Rows> Read(string text)
        {
            var rows = new List<Row>();
            var problems = new List<RowProblem>();
            using var csv = CsvReader.FromText(text, new CsvReaderOptions
            {
                Separator = ',', HasHeader = true, MalformedData = CsvMalformedDataHandling.Throw,
                FieldCountMismatch = CsvFieldCountHandling.Allow, SkipEmptyLines = true, TrackLineNumbers = true,
            });
            try
            {
                var header = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
                var at = Columns.ToDictionary(c => c, header.IndexOf);
                // Without them no row can be read: nothing is imported, and the file is refused as a whole.
                if (at["email"] < 0 || at["consent"] < 0)
                    return Refusal.Invalid(
                        $"The first row must name the columns: {string.Join(",", Columns)} (first_name and subscribed_at may be left empty). Nothing was imported.",
                        "file");
                string Cell(string column) => at[column] >= 0 && at[column] < csv.FieldCount ? csv.GetString(at[column]).Trim() : "";
                while (csv.Read())
                {
                    var number = (int)csv.LineNumber;
                    if (rows.Count + problems.Count >= MaxRows)
                    {
                        problems.Add(new(number, $"A file may hold at most {MaxRows} rows; the rest was not read."));
                        break;
                    }
                    var email = Cell("email");
                    var name = Cell("first_name");
                    var consent = Cell("consent").ToLowerInvariant();
                    var since = Cell("subscribed_at");
                    if (!EmailAddresses.LooksValid(email))
                        problems.Add(new(number, $"\"{Shorten(email)}\" is not an email address; row skipped."));
                    else if (consent is not ("yes" or "no" or "true" or "false" or "1" or "0" or "y" or "n" or ""))
                        problems.Add(new(number, "consent must be yes or no; row skipped."));
                    else if (name.Length > Subscriber.FirstNameMaxLength)
                        problems.Add(new(number, $"first_name is longer than {Subscriber.FirstNameMaxLength} characters; row skipped."));
                    else if (since.Length > 0 && !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                        problems.Add(new(number, "subscribed_at is not a date (use 2024-03-01 or 2024-03-01T09:30:00Z); row skipped."));
                    else
                        rows.Add(new Row(number, email, name.Length == 0 ? null : name,
                            since.Length == 0 ? null : DateTimeOffset.Parse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
                            consent is "yes" or "true" or "1" or "y"));
                }
            }
            catch (CsvFormatException ex)
            {
                problems.Add(new((int)ex.LineNumber, "The file is not valid CSV from this row on (check for a stray quote mark). Nothing after it was read."));
            }
            return new Rows(rows, problems);
        }

        private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
    }
}
