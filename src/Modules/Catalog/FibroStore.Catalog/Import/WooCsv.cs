using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CsvHelper;

namespace FibroStore.Catalog.Import;

/// <summary>One row of WooCommerce's product export: a simple or variable product, or a variation of one.</summary>
internal sealed record WooRow(
    int RowNumber, string Id, string Type, string Sku, string Name, string Published, bool Featured, string ShortDescription,
    string Description, decimal? RegularPrice, decimal? SalePrice, IReadOnlyList<IReadOnlyList<string>> Categories, IReadOnlyList<string> Tags,
    IReadOnlyList<string> Images, string InStock, int? Stock, int? LowStock, string Backorders, int? WeightGrams, string Parent,
    IReadOnlyList<(string Name, string Values)> Attributes)
{
    public bool IsVariation => Type == "variation";
    public bool IsVariable => Type == "variable";
}

/// <summary>
/// Reads the CSV that WooCommerce 8 and 9 write from Products → Export, by its column names (their order and the
/// optional columns vary between versions and plugins). Only the columns the store has a place for are read.
/// </summary>
internal static partial class WooCsv
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 20_000;

    private static readonly string[] Required = ["Type", "Name"];

    private static CsvReaderOptions ReaderOptions => new()
    {
        Separator = ',', HasHeader = true, MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow, SkipEmptyLines = true, TrackLineNumbers = true,
    };

    public static (List<WooRow> Rows, List<CsvProblem> Problems, List<CsvProblem> Notes) Read(string text)
    {
        var rows = new List<WooRow>();
        var problems = new List<CsvProblem>();
        var notes = new List<CsvProblem>();
        using var csv = CsvReader.FromText(text, ReaderOptions);
        try
        {
            var header = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++) index.TryAdd(header[i], i);
            var missing = Required.Where(r => !index.ContainsKey(r)).ToList();
            if (header.Length == 0 || missing.Count > 0)
            {
                problems.Add(new(1, "header", "The first row must be the column names of WooCommerce's product export (Products → Export, all columns). "
                    + (missing.Count > 0 ? $"Missing: {string.Join(", ", missing)}." : "")));
                return (rows, problems, notes);
            }
            // WooCommerce names the weight column after the store's unit: "Weight (kg)", "Weight (lbs)", ...
            var weight = header.Select((h, i) => (h, i)).FirstOrDefault(c => c.h.StartsWith("Weight (", StringComparison.OrdinalIgnoreCase));
            var gramsPerUnit = weight.h is null ? 0m : GramsPer(weight.h);
            var attributeCount = Enumerable.Range(1, 50).TakeWhile(n => index.ContainsKey($"Attribute {n} name")).Count();

            while (csv.Read())
            {
                var n = (int)csv.LineNumber;
                if (rows.Count >= MaxRows)
                {
                    problems.Add(new(n, "file", $"A file may hold at most {MaxRows} rows. Export in parts (WooCommerce can export one category at a time)."));
                    break;
                }
                string Cell(string column) =>
                    index.TryGetValue(column, out var i) && i < csv.FieldCount ? Unescape(csv.GetString(i)).Trim() : "";
                if (Enumerable.Range(0, csv.FieldCount).All(i => csv.GetString(i).Trim().Length == 0)) continue;
                var rowProblems = new List<CsvProblem>();
                void Problem(string column, string message) => rowProblems.Add(new(n, column, message));

                var type = TypeOf(Cell("Type"));
                if (type is null)
                {
                    notes.Add(new(n, "Type", $"\"{Cell("Type")}\" products were left out: the store sells simple products and products with options. Add it by hand if it is still for sale."));
                    continue;
                }
                var regular = Amount(Cell("Regular price"), "Regular price", Problem);
                var sale = Amount(Cell("Sale price"), "Sale price", Problem);
                if (SaleEnded(Cell("Date sale price ends"))) sale = null;
                var stock = Whole(Cell("Stock"), "Stock", Problem, allowNegative: true);
                var low = Whole(Cell("Low stock amount"), "Low stock amount", Problem, allowNegative: false);
                int? grams = null;
                if (weight.h is not null && Cell(weight.h) is { Length: > 0 } w)
                {
                    if (decimal.TryParse(w, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value * gramsPerUnit <= Variant.MaxWeightGrams)
                        grams = (int)Math.Round(value * gramsPerUnit, MidpointRounding.AwayFromZero);
                    else Problem(weight.h, $"\"{w}\" is not a weight up to {Variant.MaxWeightGrams / 1000} kg.");
                }
                var attributes = Enumerable.Range(1, attributeCount)
                    .Select(a => (Name: Cell($"Attribute {a} name"), Values: Cell($"Attribute {a} value(s)")))
                    .Where(a => a.Name.Length > 0 || a.Values.Length > 0).ToList();
                var row = new WooRow(n, Cell("ID"), type, Cell("SKU").ToUpperInvariant(), WebUtility.HtmlDecode(Cell("Name")), Cell("Published"),
                    Cell("Is featured?") == "1", Cell("Short description"), Text(Cell("Description")), regular, sale,
                    List(Cell("Categories")).Select(c => (IReadOnlyList<string>)c.Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(WebUtility.HtmlDecode).ToList()).Where(c => c.Count > 0).ToList(),
                    List(Cell("Tags")).Select(t => WebUtility.HtmlDecode(t).ToLowerInvariant()).Distinct().ToList(),
                    List(Cell("Images")), Cell("In stock?").ToLowerInvariant(), stock, low, Cell("Backorders allowed?").ToLowerInvariant(), grams,
                    Cell("Parent"), attributes);
                if (row.Name.Length == 0 && !row.IsVariation) Problem("Name", "The product name is missing.");
                else if (row.Name.Length > Product.MaxNameLength) Problem("Name", $"The product name is longer than {Product.MaxNameLength} characters.");
                if (row.Sku.Length > 0 && !CatalogCsv.IsValidSku(row.Sku))
                    Problem("SKU", "Use up to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
                if (row.IsVariation && row.Parent.Length == 0) Problem("Parent", "A variation needs its product in the Parent column (id:123 or the product's SKU).");
                if (rowProblems.Count == 0) rows.Add(row);
                problems.AddRange(rowProblems);
            }
        }
        catch (CsvFormatException ex)
        {
            var row = ex.LineNumber > 0 ? (int)ex.LineNumber : (int)ex.RecordNumber;
            problems.Add(new(row, "file", "The file is not valid CSV from this row on (check for a stray or unclosed quote mark). Nothing after it was read."));
        }
        return (rows, problems, notes);
    }

    /// <summary>"simple", "simple, virtual", "variable", "variation"; null for grouped and external products.</summary>
    private static string? TypeOf(string cell)
    {
        var kinds = cell.ToLowerInvariant().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return kinds.FirstOrDefault(k => k is "simple" or "variable" or "variation");
    }

    /// <summary>WooCommerce separates list items with commas and writes a comma inside an item as "\,".</summary>
    public static List<string> List(string cell) =>
        ListSeparator().Split(cell).Select(s => s.Replace("\\,", ",", StringComparison.Ordinal).Trim()).Where(s => s.Length > 0).ToList();

    // The exporter writes line breaks in descriptions as the two characters \n.
    private static string Text(string cell) => cell.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "", StringComparison.Ordinal);

    // WooCommerce, like this store, starts a cell that a spreadsheet would run as a formula with an apostrophe.
    private static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '@' or '+' or '-' or '\t' or '\r' ? cell[1..] : cell;

    private static decimal GramsPer(string header) => header.ToLowerInvariant() switch
    {
        var h when h.Contains("(kg)", StringComparison.Ordinal) => 1000m,
        var h when h.Contains("(g)", StringComparison.Ordinal) => 1m,
        var h when h.Contains("(lbs)", StringComparison.Ordinal) => 453.59237m,
        var h when h.Contains("(oz)", StringComparison.Ordinal) => 28.349523125m,
        _ => 1000m,
    };

    private static bool SaleEnded(string cell) =>
        cell.Length > 0 && DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ends) && ends < DateTimeOffset.UtcNow;

    private static decimal? Amount(string cell, string column, Action<string, string> problem)
    {
        if (cell.Length == 0) return null;
        if (!decimal.TryParse(cell, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value > Variant.MaxPrice)
        {
            problem(column, $"\"{cell}\" is not a price; WooCommerce writes prices like 12.50.");
            return null;
        }
        return decimal.Round(value, 2, MidpointRounding.AwayFromZero);
    }

    private static int? Whole(string cell, string column, Action<string, string> problem, bool allowNegative)
    {
        if (cell.Length == 0) return null;
        if (!int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || Math.Abs(value) > Variant.MaxStockChange
            || (!allowNegative && value < 0))
        {
            problem(column, $"\"{cell}\" is not a whole number of units.");
            return null;
        }
        return value;
    }

    /// <summary>Plain text of a piece of WooCommerce HTML, for the summary under a product's name.</summary>
    public static string PlainText(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html.Replace("\\n", " ", StringComparison.Ordinal), " ")), " ").Trim();

    [GeneratedRegex(@"(?<!\\),")]
    private static partial Regex ListSeparator();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
