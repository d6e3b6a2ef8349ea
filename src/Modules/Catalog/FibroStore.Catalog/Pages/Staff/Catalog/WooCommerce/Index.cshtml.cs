using FibroStore.Catalog.Import;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Catalog.Pages.Staff.Catalog.WooCommerce;

/// <summary>
/// Moving the shop from WooCommerce: its product export is checked, then applied. The checked file travels back
/// inside the report's form (instances share no memory); a zip cannot, so the uploads zip is chosen again to apply.
/// </summary>
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes, ValueLengthLimit = 2 * WooCsv.MaxBytes)]
public sealed class WooCommerceImport(IMediator mediator) : PageModel
{
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    public Report? Checked { get; private set; }
    public Applied? Imported { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, IFormFile? uploads, CancellationToken ct)
    {
        var text = await ReadCsvAsync(file, ct);
        if (text is null) return Page();
        using var zip = OpenZip(uploads);
        if (zip is null) return Page();
        Checked = await mediator.Send(new Check(text, zip), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? csvText, bool validOnly, IFormFile? uploads, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(csvText) || csvText.Length > WooCsv.MaxBytes)
        {
            ModelState.AddModelError("file", "Check a file first, then apply it.");
            return Page();
        }
        using var zip = OpenZip(uploads);
        if (zip is null) return Page();
        var outcome = await mediator.Send(new Apply(csvText, validOnly, zip, User.StaffId()), ct);
        if (outcome.IsDone)
        {
            Imported = outcome.Value;
            return Page();
        }
        // Nothing was applied: the report, checked against the catalog as it is now, shows what to fix.
        Checked = await mediator.Send(new Check(csvText, zip), ct);
        return this.Refuse(outcome.Refusal);
    }

    private WooUploads? OpenZip(IFormFile? uploads)
    {
        if (uploads is not { Length: > 0 }) return WooUploads.None;
        if (WooUploads.Open(uploads.OpenReadStream()) is { } zip) return zip;
        ModelState.AddModelError("uploads", "The uploads file is not a zip archive of up to 1 GB unpacked. Zip the wp-content/uploads folder and choose it again.");
        return null;
    }

    private async Task<string?> ReadCsvAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose the product CSV that WooCommerce exported.");
            return null;
        }
        if (file.Length > WooCsv.MaxBytes)
        {
            ModelState.AddModelError("file", $"The file is larger than {WooCsv.MaxBytes / (1024 * 1024)} MB. Export it in parts, one category at a time.");
            return null;
        }
        if (!Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("file", "Choose the .csv file from WooCommerce's Products → Export.");
            return null;
        }
        if (await UploadedText.ReadUtf8Async(file, ct) is { } text) return text;
        ModelState.AddModelError("file", "This is not a CSV text file in UTF-8. Use the file exactly as WooCommerce exported it.");
        return null;
    }

    public sealed record Line(int Row, string Column, string Text);
    public sealed record Report(int Rows, int ValidRows, int Products, int Options, IReadOnlyList<Line> Problems, IReadOnlyList<Line> Notes, string Text, bool HasImages);
    public sealed record Applied(
        int ProductsCreated, int ProductsUpdated, int ProductsUnchanged, int OptionsCreated, int OptionsUpdated, int CategoriesCreated,
        int ImagesStored, int StockChanges, int Redirects, int Skipped, IReadOnlyList<Line> Notes);

    internal sealed record Check(string Text, WooUploads Uploads) : IQuery<Report>;
    internal sealed record Apply(string Text, bool ValidOnly, WooUploads Uploads, string ActorId) : ICommand<Outcome<Applied>>;

    internal sealed class Handler(WooImporter importer) : IQueryHandler<Check, Report>, ICommandHandler<Apply, Outcome<Applied>>
    {
        public async ValueTask<Report> Handle(Check query, CancellationToken ct) => ToReport(await importer.CheckAsync(query.Text, query.Uploads, ct), query.Text);

        public async ValueTask<Outcome<Applied>> Handle(Apply command, CancellationToken ct)
        {
            // Checked again: the catalog may have changed since the report was shown, and the posted text is only as trustworthy as any form.
            var check = await importer.CheckAsync(command.Text, command.Uploads, ct);
            if (check.Products.Count == 0)
                return Refusal.Invalid("No product in the file can be applied, so nothing has been changed. Fix the problems below, then check the file again.");
            if (check.Problems.Count > 0 && !command.ValidOnly)
                return Refusal.Invalid("The file has problems, so nothing has been changed. Fix them and check the file again, or apply the valid rows only.");
            var applied = await importer.ApplyAsync(check, command.Uploads, command.ActorId, ct);
            if (!applied.IsDone) return applied.Refusal;
            var r = applied.Value;
            return new Applied(r.ProductsCreated, r.ProductsUpdated, r.ProductsUnchanged, r.VariantsCreated, r.VariantsUpdated, r.CategoriesCreated,
                r.ImagesStored, r.StockChanges, r.Redirects, check.RowCount - check.ValidRows, Lines(r.Notes));
        }

        private static Report ToReport(WooCheck check, string text) =>
            new(check.RowCount, check.ValidRows, check.Products.Count, check.Products.Sum(p => p.Variants.Count), Lines(check.Problems), Lines(check.Notes), text,
                check.Products.Any(p => p.Images.Count > 0));

        private static List<Line> Lines(IEnumerable<CsvProblem> lines) => lines.Select(p => new Line(p.RowNumber, p.Field, p.Problem)).ToList();
    }
}
