using FibroStore.Editorial.Contracts;
using System.Security.Cryptography;
using FibroStore.Editorial.Data.Configurations;
using FibroStore.SharedKernel.Files;
using FibroStore.SharedKernel.Markdown;

namespace FibroStore.Editorial.Import;

internal sealed record ImportOptions(bool ShowDisclaimer);

internal sealed record CompletedImport(Guid RunId, ImportSummary Summary, IReadOnlyList<ReportLine> Lines);

/// <summary>
/// Brings a WordPress site into the store in one transaction: posts (with their categories, tags, featured image,
/// schedule and comments), pages (sent to the information pages), images from the uploads zip, and every old address
/// as a redirect. Importing again is the switch-over step: what is new is added, what changed in WordPress is
/// updated unless it was edited here since (then the store's version is kept and the item is listed as a conflict),
/// and everything else is left alone. Only one import runs at a time (a PostgreSQL advisory lock). Imported posts
/// never email subscribers, and nothing named in the file is ever fetched.
/// </summary>
internal sealed partial class WxrImporter(
    EditorialDbContext db,
    ArticleRenderer renderer,
    IMarkdownRenderer sanitizer,
    IFileStorage files,
    IPageCache cache,
    IInformationPages informationPages,
    TimeProvider clock)
{
    /// <summary>The advisory lock every import takes for its whole transaction ("wpimport" in ASCII).</summary>
    internal const long LockKey = 0x7770_696D_706F_7274;

    /// <summary>Written and then dropped from memory in groups this size, so a large site imports in bounded memory.</summary>
    private const int BatchSize = 40;

    private const int ExcerptWords = 55;

    // What each run reads through its importer.
    private EditorialDbContext Db => db;
    private ArticleRenderer Renderer => renderer;
    private IMarkdownRenderer Sanitizer => sanitizer;
    private IInformationPages InformationPages => informationPages;

    /// <summary>Imports the whole file, or refuses it with the reason and imports nothing.</summary>
    public async Task<Outcome<CompletedImport>> ImportAsync(Stream wxr, Stream? uploadsZip, ImportOptions options, string actorId, CancellationToken ct)
    {
        try
        {
            return await RunAsync(wxr, uploadsZip, options, actorId, ct);
        }
        catch (WxrImportException ex)
        {
            // Found part-way through reading the file: the transaction is rolled back, so nothing was imported.
            return Refusal.Invalid(ex.Message);
        }
    }

    private async Task<Outcome<CompletedImport>> RunAsync(Stream wxr, Stream? uploadsZip, ImportOptions options, string actorId, CancellationToken ct)
    {
        await using var seekable = await SeekableAsync(wxr, ct);
        var site = await WxrDocument.ScanAsync(seekable, ct);
        using var uploads = UploadsArchive.Open(uploadsZip, files);
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(ct);
        if (!locked)
            return Refusal.Conflict("Another WordPress import is running right now. Wait for it to finish, then start this one again. Nothing was imported.");

        var run = new Run(this, site, uploads, options, actorId, now);
        await run.LoadAsync(ct);
        await foreach (var item in WxrDocument.ItemsAsync(seekable, ct))
        {
            if (item.Type == "post") await run.PostAsync(item, ct);
            else run.Page(item);
            await run.FlushIfFullAsync(ct);
        }
        await run.FinishAsync(ct);

        var summary = run.Summary();
        var runId = Guid.NewGuid();
        db.ImportRuns.Add(new ImportRun
        {
            Id = runId, SiteKey = site.SiteKey, ActorId = actorId, StartedAt = now, FinishedAt = clock.GetUtcNow(),
            SummaryJson = ImportReport.SerializeSummary(summary), ReportJson = ImportReport.Serialize(run.Report.Lines),
        });
        AuditTrail.Record(db, now, actorId, AuditAreas.Editorial, "wordpress.imported", "Import", runId.ToString(), null,
            new { Site = site.SiteKey, summary.ArticlesAdded, summary.ArticlesUpdated, summary.Conflicts, summary.RepliesAdded, summary.Redirects });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await cache.EvictArticlesAsync(ct);
        return new CompletedImport(runId, summary, run.Report.Lines);
    }

    /// <summary>The export is read twice; an upload that cannot seek is copied to a temporary file first.</summary>
    private static async Task<Stream> SeekableAsync(Stream stream, CancellationToken ct)
    {
        if (stream.CanSeek) return new NonClosing(stream);
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await stream.CopyToAsync(copy, ct);
        copy.Position = 0;
        return copy;
    }

    /// <summary>The caller owns the upload's stream; disposing our view of it must not close it.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    internal static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    internal static string Token() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    internal static string Hash(params object?[] parts)
    {
        var text = string.Join("\u001f", parts.Select(p => p switch
        {
            null => "",
            DateTimeOffset d => d.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            IEnumerable<string> list => string.Join("\u001e", list),
            _ => p.ToString(),
        }));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }

    internal static string StripTags(string html) => Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    /// <summary>WordPress's automatic excerpt: the first 55 words, with an ellipsis when there is more.</summary>
    internal static string ExcerptFrom(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var excerpt = words.Length <= ExcerptWords ? string.Join(' ', words) : string.Join(' ', words.Take(ExcerptWords)) + "…";
        if (excerpt.Length <= Limits.Excerpt) return excerpt;
        var cut = excerpt.LastIndexOf(' ', Limits.Excerpt - 1);
        return excerpt[..(cut > 0 ? cut : Limits.Excerpt - 1)] + "…";
    }

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
