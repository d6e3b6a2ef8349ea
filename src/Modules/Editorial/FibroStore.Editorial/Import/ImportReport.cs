using System.Text.Json;
using CsvHelper;

namespace FibroStore.Editorial.Import;

/// <summary>What happened to one item of the export, in words an editor can act on.</summary>
internal sealed record ReportLine(
    string Kind, string WordPressId, string Title, string Outcome, string Reason,
    DateTimeOffset? WordPressModified = null, DateTimeOffset? StoreModified = null, string? Address = null);

internal static class Outcomes
{
    public const string Added = "added";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Changed = "changed on import";
    public const string Skipped = "skipped";
    public const string Conflict = "conflict";
    public const string Missing = "missing";
}

/// <summary>The totals shown after an import.</summary>
internal sealed record ImportSummary(
    int ArticlesAdded, int ArticlesUpdated, int ArticlesUnchanged, int Conflicts, int PagesSent,
    int RepliesAdded, int RepliesHeld, int RepliesApproved, int CommentsSpam, int CommentsTrash, int CommentsOther,
    int Redirects, int ImagesStored, int ImagesMissing, int ItemsSkipped);

/// <summary>The whole report: totals and every line. Lines are kept with the run, so the CSV can be downloaded later.</summary>
internal sealed class ImportReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public List<ReportLine> Lines { get; } = [];

    public void Add(ReportLine line) => Lines.Add(line);

    public static string Serialize(IReadOnlyList<ReportLine> lines) => JsonSerializer.Serialize(lines, Json);

    public static IReadOnlyList<ReportLine> Deserialize(string json) => JsonSerializer.Deserialize<List<ReportLine>>(json, Json) ?? [];

    public static string SerializeSummary(ImportSummary summary) => JsonSerializer.Serialize(summary, Json);

    public static ImportSummary? DeserializeSummary(string json) => JsonSerializer.Deserialize<ImportSummary>(json, Json);

    /// <summary>
    /// The report as CSV (UTF-8 with a byte order mark, so spreadsheet programs read accents right). A cell that a
    /// spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe: titles come from the old site.
    /// </summary>
    public static byte[] ToCsv(IReadOnlyList<ReportLine> lines)
    {
        using var buffer = new MemoryStream();
        var options = new CsvWriterOptions { Separator = ',', Injection = CsvInjection.Escape, WriteByteOrderMark = true };
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            foreach (var header in new[] { "Kind", "WordPress id", "Title", "Outcome", "Reason", "Changed in WordPress (UTC)", "Changed here (UTC)", "Address" })
                csv.WriteField(header);
            csv.EndRecord();
            foreach (var line in lines)
            {
                csv.WriteField(line.Kind);
                csv.WriteField(line.WordPressId);
                csv.WriteField(line.Title);
                csv.WriteField(line.Outcome);
                csv.WriteField(line.Reason);
                csv.WriteField(line.WordPressModified?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(line.StoreModified?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(line.Address ?? "");
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }
}
