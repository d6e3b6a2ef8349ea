using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Pages.Staff.People;

/// <summary>
/// WooCommerce's customers become accounts: confirmed email, no password (they choose one through "Forgot your
/// password?"), their billing and delivery addresses kept. Nobody is emailed. Accounts that exist already are left as
/// they are. Orders placed in WooCommerce are not brought across.
/// </summary>
[RequestSizeLimit(CustomerCsv.MaxBytes + 64 * 1024)]
public sealed class ImportCustomersPage(IMediator mediator) : PageModel
{
    public Report? Imported { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            ModelState.AddModelError("file", "Choose the customer CSV that WooCommerce exported.");
        else if (file.Length > CustomerCsv.MaxBytes)
            ModelState.AddModelError("file", $"The file is larger than {CustomerCsv.MaxBytes / (1024 * 1024)} MB. Export it in parts.");
        else if (!Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase))
            ModelState.AddModelError("file", "Choose the .csv file of WooCommerce's customer export.");
        if (!ModelState.IsValid) return Page();

        if (await UploadedText.ReadUtf8Async(file!, ct) is not { } text)
        {
            ModelState.AddModelError("file", "This is not a CSV text file in UTF-8. Use the file exactly as WooCommerce exported it.");
            return Page();
        }
        var imported = await mediator.Send(new Import(text, User.StaffId()), ct);
        if (!imported.IsDone) return this.Refuse(imported.Refusal);
        Imported = imported.Value;
        return Page();
    }

    public sealed record Line(int Row, string Email, string What);
    public sealed record Report(int Created, int AlreadyHere, int AddressesAdded, IReadOnlyList<Line> Lines);
    public sealed record Import(string Text, string ActorId) : ICommand<Outcome<Report>>;

    internal sealed class Handler(AccountsDbContext db, UserManager<StoreUser> users, TimeProvider clock) : ICommandHandler<Import, Outcome<Report>>
    {
        private static readonly EmailAddressAttribute EmailCheck = new();

        public async ValueTask<Outcome<Report>> Handle(Import command, CancellationToken ct)
        {
            var read = CustomerCsv.Read(command.Text);
            if (!read.IsDone) return read.Refusal;
            var rows = read.Value;
            var lines = new List<Line>();
            int created = 0, alreadyHere = 0, addresses = 0;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            // All or nothing: a failure part-way leaves no half-imported list to untangle.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var row in rows)
            {
                var email = row.Email;
                if (email.Length is 0 or > 254 || !EmailCheck.IsValid(email))
                {
                    lines.Add(new(row.Number, email, "Left out: this is not an email address."));
                    continue;
                }
                if (!seen.Add(email))
                {
                    lines.Add(new(row.Number, email, "Left out: the same email is on an earlier row."));
                    continue;
                }
                var user = await users.FindByEmailAsync(email);
                if (user is not null)
                {
                    alreadyHere++;
                    lines.Add(new(row.Number, email, "Already has an account here; it was left as it is."));
                }
                else
                {
                    user = new StoreUser
                    {
                        UserName = email, Email = email, EmailConfirmed = true, DisplayName = Clip(row.Name.Length > 0 ? row.Name : email.Split('@')[0], 80),
                        CreatedAt = row.Registered ?? clock.GetUtcNow(),
                    };
                    var result = await users.CreateAsync(user);
                    if (!result.Succeeded)
                    {
                        lines.Add(new(row.Number, email, "Left out: " + string.Join(" ", result.Errors.Select(e => e.Description))));
                        continue;
                    }
                    created++;
                }
                var kinds = await db.Addresses.Where(a => a.UserId == user.Id).Select(a => a.Kind).ToListAsync(ct);
                foreach (var address in row.Addresses.Where(a => !kinds.Contains(a.Kind)))
                {
                    address.UserId = user.Id;
                    db.Addresses.Add(address);
                    addresses++;
                }
                await db.SaveChangesAsync(ct);
            }
            // Counts only: the imported people's names and addresses stay out of the audit trail.
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Accounts, "customers.imported", "User", "woocommerce",
                after: new { created, alreadyHere, addresses, leftOut = lines.Count - alreadyHere });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new Report(created, alreadyHere, addresses, lines);
        }

        private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
    }
}

internal sealed record CustomerRow(int Number, string Email, string Name, DateTimeOffset? Registered, List<SavedAddress> Addresses);

/// <summary>
/// The customer CSV of WooCommerce's Customer/Order/Coupon export (customer_id, first_name, last_name, email,
/// date_registered, billing_* and shipping_* columns), read by column name.
/// </summary>
internal static class CustomerCsv
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;

    /// <summary>Every row, or a refusal (beside the upload field) when the file cannot be read as a whole.</summary>
    public static Outcome<List<CustomerRow>> Read(string text)
    {
        var rows = new List<CustomerRow>();
        using var csv = CsvReader.FromText(text, new CsvReaderOptions
        {
            Separator = ',', HasHeader = true, MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow, SkipEmptyLines = true, TrackLineNumbers = true,
        });
        try
        {
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var header = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            for (var i = 0; i < header.Length; i++) index.TryAdd(header[i], i);
            if (!index.ContainsKey("email") && !index.ContainsKey("billing_email"))
                return Refusal.Invalid("The first row must be the column names of WooCommerce's customer export, with an email column.", "file");
            while (csv.Read())
            {
                if (rows.Count >= MaxRows) return Refusal.Invalid($"A file may hold at most {MaxRows} customers. Export them in parts. Nothing was imported.", "file");
                string Cell(string column) => index.TryGetValue(column, out var i) && i < csv.FieldCount ? csv.GetString(i).Trim() : "";
                var email = Cell("email") is { Length: > 0 } e ? e : Cell("billing_email");
                var name = $"{Cell("first_name")} {Cell("last_name")}".Trim();
                if (name.Length == 0) name = $"{Cell("billing_first_name")} {Cell("billing_last_name")}".Trim();
                DateTimeOffset? registered = DateTimeOffset.TryParse(Cell("date_registered"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
                var addresses = new[] { (AddressKind.Billing, "billing_"), (AddressKind.Shipping, "shipping_") }
                    .Select(k => Address(k.Item1, k.Item2, Cell)).OfType<SavedAddress>().ToList();
                rows.Add(new CustomerRow((int)csv.LineNumber, email, name, registered, addresses));
            }
        }
        catch (CsvFormatException ex)
        {
            return Refusal.Invalid($"The file is not valid CSV from row {ex.LineNumber} on (check for a stray or unclosed quote mark). Nothing was imported.", "file");
        }
        return rows;
    }

    private static SavedAddress? Address(AddressKind kind, string prefix, Func<string, string> cell)
    {
        string Field(string name)
        {
            var value = cell(prefix + name);
            return value.Length > SavedAddress.LineLength ? value[..SavedAddress.LineLength] : value;
        }
        var address = new SavedAddress
        {
            Kind = kind, Name = $"{Field("first_name")} {Field("last_name")}".Trim(), Company = Field("company"), Line1 = Field("address_1"),
            Line2 = Field("address_2"), City = Field("city"), Region = Field("state"), PostalCode = Field("postcode"),
            Country = Field("country") is { Length: 2 } country ? country.ToUpperInvariant() : "", Phone = Field("phone"),
        };
        return address.Line1.Length == 0 && address.City.Length == 0 && address.PostalCode.Length == 0 ? null : address;
    }
}
