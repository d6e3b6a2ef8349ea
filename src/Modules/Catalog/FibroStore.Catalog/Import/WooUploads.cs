using System.IO.Compression;
using System.Net;

namespace FibroStore.Catalog.Import;

/// <summary>
/// The zip of the old site's wp-content/uploads folder, looked up by the path after "uploads/" (2024/03/wrap.jpg),
/// whether the zip holds the folder itself, its contents or the whole wp-content. Nothing is fetched from the old site.
/// </summary>
internal sealed class WooUploads : IDisposable
{
    private const long MaxUploadsBytes = 1024L * 1024 * 1024;

    private readonly ZipArchive? zip;
    private readonly Dictionary<string, ZipArchiveEntry> entries = new(StringComparer.OrdinalIgnoreCase);

    private WooUploads(ZipArchive? zip)
    {
        this.zip = zip;
        if (zip is null) return;
        foreach (var entry in zip.Entries)
        {
            var path = entry.FullName.Replace('\\', '/');
            var at = path.LastIndexOf("uploads/", StringComparison.OrdinalIgnoreCase);
            entries.TryAdd(at >= 0 ? path[(at + "uploads/".Length)..] : path, entry);
        }
    }

    public static readonly WooUploads None = new(null);

    public bool HasZip => zip is not null;

    /// <summary>Opens the zip; null when it is not one (the page says so, nothing is imported).</summary>
    public static WooUploads? Open(Stream stream)
    {
        try
        {
            var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            if (zip.Entries.Sum(e => e.Length) <= MaxUploadsBytes) return new WooUploads(zip);
            zip.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The path below "uploads/" of an address on the old site; null when it is not an uploaded file's address.</summary>
    public static string? RelativePath(string url)
    {
        var at = url.IndexOf("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var relative = url[(at + "/wp-content/uploads/".Length)..];
        var end = relative.IndexOfAny(['?', '#']);
        if (end >= 0) relative = relative[..end];
        relative = WebUtility.UrlDecode(relative).Trim('/');
        return relative.Length == 0 || relative.Contains("..", StringComparison.Ordinal) ? null : relative;
    }

    public bool Has(string relative) => entries.ContainsKey(relative);

    /// <summary>The file's bytes, or null when it is missing, larger than <paramref name="maxBytes"/> or damaged in the zip.</summary>
    public async Task<byte[]?> ReadAsync(string relative, long maxBytes, CancellationToken ct)
    {
        if (!entries.TryGetValue(relative, out var entry) || entry.Length > maxBytes) return null;
        try
        {
            await using var stream = await entry.OpenAsync(ct);
            using var buffer = new MemoryStream((int)entry.Length);
            await stream.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public void Dispose() => zip?.Dispose();
}
