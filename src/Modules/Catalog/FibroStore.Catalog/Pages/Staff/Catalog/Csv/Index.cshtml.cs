using FibroStore.Catalog.Import;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Catalog.Pages.Staff.Catalog.Csv;

/// <summary>
/// Bulk export and import. The checked file travels back to the server inside the report's form rather than being
/// kept anywhere: app instances share no memory, and IFileStorage is served publicly under /media.
/// </summary>
// Room for the largest file sent back URL-encoded (up to three bytes per byte) on apply.
[RequestSizeLimit(4 * CatalogCsv.MaxBytes)]
[RequestFormLimits(ValueLengthLimit = 2 * CatalogCsv.MaxBytes)]
public sealed class CatalogCsvPage(IMediator mediator) : PageModel
{
    public Report? Checked { get; private set; }
    public Applied? Imported { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var bytes = await mediator.Send(new Export(), ct);
        return File(bytes, "text/csv; charset=utf-8", "fibrostore-catalog.csv");
    }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct)
    {
        var text = await ReadUploadAsync(file, ct);
        if (text is null) return Page();
        Checked = await mediator.Send(new Check(text), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? csvText, bool validOnly, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(csvText) || csvText.Length > CatalogCsv.MaxBytes)
        {
            ModelState.AddModelError("file", "Check a file first, then apply it.");
            return Page();
        }
        var outcome = await mediator.Send(new Apply(csvText, validOnly, User.StaffId()), ct);
        if (outcome.IsDone)
        {
            Imported = outcome.Value;
            return Page();
        }
        // Nothing was applied: the report, checked against the catalog as it is now, shows what to fix.
        Checked = await mediator.Send(new Check(csvText), ct);
        return this.Refuse(outcome.Refusal);
    }

    private async Task<string?> ReadUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a CSV file to check.");
            return null;
        }
        if (file.Length > CatalogCsv.MaxBytes)
        {
            ModelState.AddModelError("file", $"The file is larger than {CatalogCsv.MaxBytes / (1024 * 1024)} MB. Split it into smaller files.");
            return null;
        }
        if (!Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("file", "Choose a .csv file (in a spreadsheet: Save as, then CSV UTF-8).");
            return null;
        }
        if (await UploadedText.ReadUtf8Async(file, ct) is { } text) return text;
        ModelState.AddModelError("file", "This is not a CSV text file in UTF-8. In a spreadsheet choose Save as, then CSV UTF-8.");
        return null;
    }

    public sealed record Report(int Rows, int ValidRows, IReadOnlyList<ProblemRow> Problems, string Text);
    public sealed record ProblemRow(int Row, string Column, string Problem);
    public sealed record Applied(int ProductsCreated, int ProductsUpdated, int VariantsCreated, int VariantsUpdated, int Unchanged, int Skipped);

    public sealed record Export : IQuery<byte[]>;
    public sealed record Check(string Text) : IQuery<Report>;
    public sealed record Apply(string Text, bool ValidOnly, string ActorId) : ICommand<Outcome<Applied>>;

    internal sealed class Handler(CatalogDbContext db, CatalogImporter importer) :
        IQueryHandler<Export, byte[]>, IQueryHandler<Check, Report>, ICommandHandler<Apply, Outcome<Applied>>
    {
        public async ValueTask<byte[]> Handle(Export query, CancellationToken ct)
        {
            var rows = await db.Variants.AsNoTracking()
                .Where(v => !v.IsArchived)
                .OrderBy(v => v.Product.Slug).ThenBy(v => v.Position).ThenBy(v => v.Sku)
                .Select(v => new CatalogCsv.ExportRow(
                    v.Product.Slug, v.Product.Name, v.Product.Status, v.Product.Categories.OrderBy(c => c.Slug).Select(c => c.Slug).ToList(), v.Product.Tags,
                    v.Product.Summary, v.Product.SeoTitle, v.Product.SeoDescription, v.Product.IsFeatured, v.Sku, v.Name, v.Price, v.CompareAtPrice,
                    v.WeightGrams, v.TrackStock, v.AllowBackorder, v.LowStockThreshold, v.TrackStock ? v.OnHand : null))
                .ToListAsync(ct);
            return CatalogCsv.Write(rows);
        }

        public async ValueTask<Report> Handle(Check query, CancellationToken ct) => ToReport(await importer.CheckAsync(query.Text, ct), query.Text);

        public async ValueTask<Outcome<Applied>> Handle(Apply command, CancellationToken ct)
        {
            // Checked again: the catalog may have changed since the report was shown, and the posted text is only as trustworthy as any form.
            var check = await importer.CheckAsync(command.Text, ct);
            if (check.ValidRows.Count == 0)
                return Refusal.Invalid("No row of the file can be applied, so nothing has been changed. Fix the problems below, then check the file again.");
            if (check.Problems.Count > 0 && !command.ValidOnly)
                return Refusal.Invalid("The file has problems, so nothing has been changed. Fix them and check the file again, or apply the valid rows only.");
            var applied = await importer.ApplyAsync(check.ValidRows, command.ActorId, ct);
            if (!applied.IsDone) return applied.Refusal;
            var r = applied.Value;
            return new Applied(r.ProductsCreated, r.ProductsUpdated, r.VariantsCreated, r.VariantsUpdated, r.Unchanged, check.RowCount - check.ValidRows.Count);
        }

        private static Report ToReport(ImportCheck check, string text) =>
            new(check.RowCount, check.ValidRows.Count, check.Problems.Select(p => new ProblemRow(p.RowNumber, p.Field, p.Problem)).ToList(), text);
    }
}
