using System.Globalization;
using CsvHelper;

namespace FibroStore.Catalog.Import;

/// <summary>One CSV row: a variant with the fields of its product repeated, as a spreadsheet user expects.</summary>
internal sealed record CsvRow(
    int RowNumber, string Slug, string Name, ProductStatus Status, IReadOnlyList<string> Categories, IReadOnlyList<string> Tags,
    string Summary, string? SeoTitle, string? SeoDescription, bool Featured,
    string Sku, string OptionName, decimal Price, decimal? CompareAt, int WeightGrams, bool TrackStock, bool AllowBackorder, int LowStockThreshold)
{
    /// <summary>The product half of the row, compared across the rows of one product.</summary>
    public string ProductKey => string.Join('\u001f', Name, Status, string.Join('|', Categories), string.Join('|', Tags), Summary, SeoTitle, SeoDescription, Featured);
}

internal sealed record CsvProblem(int RowNumber, string Field, string Problem);

/// <summary>The file format of the catalog export and import, and the checks that need no database.</summary>
internal static class CatalogCsv
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public const string OnHandColumn = "on_hand";

    /// <summary>Columns in file order. on_hand is exported for information and ignored on import: stock moves only through the ledger.</summary>
    public static readonly string[] Columns =
    [
        "product_slug", "product_name", "status", "categories", "tags", "summary", "seo_title", "seo_description", "featured",
        "sku", "option_name", "price", "compare_at_price", "weight_grams", "track_stock", "allow_backorder", "low_stock_threshold", OnHandColumn,
    ];

    // Lists inside one cell use "|" so commas stay ordinary text in names and summaries.
    private const char ListSeparator = '|';

    // A cell such as "=HYPERLINK(...)" would run as a formula when a spreadsheet opens the export: it is
    // written with a leading apostrophe, which Unescape removes again on import so a round trip is exact.
    private static CsvWriterOptions WriterOptions => new() { Separator = ',', Injection = CsvInjection.Escape, WriteByteOrderMark = true };

    // Malformed quoting stops the read with the row number instead of guessing; a wrong cell count is reported per row.
    private static CsvReaderOptions ReaderOptions => new()
    {
        Separator = ',', HasHeader = true, MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow, SkipEmptyLines = true, TrackLineNumbers = true,
    };

    public sealed record ExportRow(
        string Slug, string Name, ProductStatus Status, IEnumerable<string> Categories, IEnumerable<string> Tags, string Summary, string? SeoTitle,
        string? SeoDescription, bool Featured, string Sku, string OptionName, decimal Price, decimal? CompareAt, int WeightGrams, bool TrackStock,
        bool AllowBackorder, int LowStockThreshold, int? OnHand);

    public static byte[] Write(IEnumerable<ExportRow> rows)
    {
        using var output = new MemoryStream();
        using (var csv = CsvWriter.Create(output, WriterOptions, leaveOpen: true))
        {
            foreach (var column in Columns) csv.WriteField(column);
            csv.EndRecord();
            foreach (var r in rows)
            {
                string[] fields =
                [
                    r.Slug, r.Name, r.Status.ToString().ToLowerInvariant(), string.Join(ListSeparator, r.Categories), string.Join(ListSeparator, r.Tags),
                    r.Summary, r.SeoTitle ?? "", r.SeoDescription ?? "", Bool(r.Featured), r.Sku, r.OptionName, SharedKernel.Money.Plain(r.Price),
                    r.CompareAt is { } c ? SharedKernel.Money.Plain(c) : "", r.WeightGrams.ToString(CultureInfo.InvariantCulture), Bool(r.TrackStock),
                    Bool(r.AllowBackorder), r.LowStockThreshold.ToString(CultureInfo.InvariantCulture), r.OnHand?.ToString(CultureInfo.InvariantCulture) ?? "",
                ];
                foreach (var field in fields) csv.WriteField(field);
                csv.EndRecord();
            }
        }
        return output.ToArray();
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Parses the text and checks each row on its own; rows that pass come back with the problems of those that do not.</summary>
    public static (List<CsvRow> Rows, List<CsvProblem> Problems) Read(string text)
    {
        var rows = new List<CsvRow>();
        var problems = new List<CsvProblem>();
        using var csv = CsvReader.FromText(text, ReaderOptions);
        try
        {
            var header = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            if (header.Length == 0)
            {
                problems.Add(new(1, "file", "The file is empty. Start from an export to get the right columns."));
                return (rows, problems);
            }
            if (!header.SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
            {
                var missing = Columns.Except(header, StringComparer.OrdinalIgnoreCase).ToList();
                var unknown = header.Except(Columns, StringComparer.OrdinalIgnoreCase).ToList();
                var detail = missing.Count + unknown.Count == 0 ? "The columns are in a different order."
                    : (missing.Count > 0 ? $"Missing: {string.Join(", ", missing)}. " : "") + (unknown.Count > 0 ? $"Not known: {string.Join(", ", unknown)}." : "");
                problems.Add(new(1, "header", $"The first row must be the column names of an export ({string.Join(",", Columns)}). {detail}".Trim()));
                return (rows, problems);
            }
            while (csv.Read())
            {
                // Row numbers as a spreadsheet shows them: the header is row 1.
                var rowNumber = (int)csv.LineNumber;
                if (rows.Count + problems.Count >= MaxRows)
                {
                    problems.Add(new(rowNumber, "file", $"A file may hold at most {MaxRows} rows. Split it into smaller files."));
                    break;
                }
                if (csv.FieldCount != Columns.Length)
                {
                    problems.Add(new(rowNumber, "row", $"This row has {csv.FieldCount} cells; every row needs {Columns.Length}."));
                    continue;
                }
                var cells = Enumerable.Range(0, Columns.Length).Select(i => Unescape(csv.GetString(i)).Trim()).ToArray();
                if (cells.All(c => c.Length == 0)) continue;
                var (row, rowProblems) = ParseRow(rowNumber, cells);
                if (row is not null) rows.Add(row);
                problems.AddRange(rowProblems);
            }
        }
        catch (CsvFormatException ex)
        {
            var row = ex.LineNumber > 0 ? (int)ex.LineNumber : (int)ex.RecordNumber;
            problems.Add(new(row, "file", "The file is not valid CSV from this row on (check for a stray or unclosed quote mark). Nothing after it was read."));
        }
        return (rows, problems);
    }

    private static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '@' or '+' or '-' or '\t' or '\r' ? cell[1..] : cell;

    private static (CsvRow?, List<CsvProblem>) ParseRow(int n, string[] c)
    {
        var problems = new List<CsvProblem>();
        void Problem(string field, string message) => problems.Add(new(n, field, message));

        var slug = c[0].ToLowerInvariant();
        var name = c[1];
        if (name.Length == 0) Problem("product_name", "The product name is missing.");
        else if (name.Length > Product.MaxNameLength) Problem("product_name", $"The product name is longer than {Product.MaxNameLength} characters.");
        if (slug.Length == 0 && name.Length > 0) slug = Product.Slugify(name);
        if (!Product.IsValidSlug(slug)) Problem("product_slug", "Use lowercase letters, digits and single dashes, such as lavender-wheat-bag.");
        if (!Enum.TryParse<ProductStatus>(c[2], ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(c[2], out _))
            Problem("status", "Use draft, active or archived.");
        var categories = List(c[3]).Select(s => s.ToLowerInvariant()).ToList();
        var tags = List(c[4]).Select(t => t.ToLowerInvariant()).Distinct().ToList();
        if (tags.Count > 20 || tags.Any(t => t.Length > 40)) Problem("tags", "Use at most 20 tags of up to 40 characters each.");
        var summary = c[5];
        if (summary.Length == 0) Problem("summary", "The summary is missing.");
        else if (summary.Length > 300) Problem("summary", "The summary is longer than 300 characters.");
        if (c[6].Length > 70) Problem("seo_title", "The search engine title is longer than 70 characters.");
        if (c[7].Length > 160) Problem("seo_description", "The search engine description is longer than 160 characters.");
        var featured = Flag(c[8], "featured", Problem);

        var sku = c[9].ToUpperInvariant();
        if (sku.Length == 0) Problem("sku", "The SKU is missing.");
        else if (!IsValidSku(sku))
            Problem("sku", "Use up to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
        var option = c[10].Length == 0 ? Variant.DefaultName : c[10];
        if (option.Length > 80) Problem("option_name", "The option name is longer than 80 characters.");
        var price = Amount(c[11], "price", required: true, Problem);
        var compareAt = Amount(c[12], "compare_at_price", required: false, Problem);
        if (price is { } p && Variant.CheckPrices(p, compareAt) is { } priceProblem)
            Problem(priceProblem.Contains("compare-at", StringComparison.Ordinal) ? "compare_at_price" : "price", priceProblem);
        var weight = Whole(c[13], "weight_grams", Variant.MaxWeightGrams, Problem);
        var track = Flag(c[14], "track_stock", Problem);
        var backorder = Flag(c[15], "allow_backorder", Problem);
        var threshold = Whole(c[16], "low_stock_threshold", 10_000, Problem);

        if (problems.Count > 0) return (null, problems);
        return (new CsvRow(n, slug, name, status, categories, tags, summary, NullIfEmpty(c[6]), NullIfEmpty(c[7]), featured!.Value,
            sku, option, price!.Value, compareAt, weight!.Value, track!.Value, backorder!.Value, threshold!.Value), problems);
    }

    public static bool IsValidSku(string sku) =>
        sku.Length is > 0 and <= 64 && sku.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-') && char.IsAsciiLetterOrDigit(sku[0]);

    private static List<string> List(string cell) =>
        cell.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string? NullIfEmpty(string cell) => cell.Length == 0 ? null : cell;

    private static bool? Flag(string cell, string field, Action<string, string> problem)
    {
        switch (cell.ToLowerInvariant())
        {
            case "true" or "yes" or "1": return true;
            case "false" or "no" or "0" or "": return false;
            default: problem(field, $"\"{cell}\" is not true or false."); return null;
        }
    }

    private static decimal? Amount(string cell, string field, bool required, Action<string, string> problem)
    {
        if (cell.Length == 0)
        {
            if (required) problem(field, "The price is missing.");
            return null;
        }
        if (!decimal.TryParse(cell, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            problem(field, $"\"{cell}\" is not an amount; write it like 12.50 (a dot, no currency sign).");
            return null;
        }
        if (value < 0)
        {
            problem(field, "The amount cannot be negative.");
            return null;
        }
        return value;
    }

    private static int? Whole(string cell, string field, int max, Action<string, string> problem)
    {
        if (cell.Length == 0) return 0;
        if (!int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0 || value > max)
        {
            problem(field, $"\"{cell}\" must be a whole number from 0 to {max}.");
            return null;
        }
        return value;
    }
}
