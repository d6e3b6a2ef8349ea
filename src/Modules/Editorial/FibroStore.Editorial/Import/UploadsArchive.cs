using System.IO.Compression;
using System.Security.Cryptography;
using FibroStore.SharedKernel.Files;

namespace FibroStore.Editorial.Import;

/// <summary>
/// The zip of the old site's wp-content/uploads folder, looked up by the path after "uploads/" (2024/03/photo.jpg),
/// whether the zip holds the folder itself, its contents or the whole wp-content. Images found are stored here once
/// each (content-addressed, so a repeated import stores nothing new); nothing else in the zip is read.
/// </summary>
internal sealed partial class UploadsArchive : IDisposable
{
    private const long MaxImageBytes = 20 * 1024 * 1024;
    private const long MaxUploadsBytes = 1024L * 1024 * 1024;

    private readonly ZipArchive? zip;
    private readonly Dictionary<string, ZipArchiveEntry> entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string?> stored = new(StringComparer.OrdinalIgnoreCase);
    private readonly IFileStorage files;

    private UploadsArchive(ZipArchive? zip, IFileStorage files)
    {
        this.zip = zip;
        this.files = files;
        if (zip is null) return;
        foreach (var entry in zip.Entries)
        {
            var path = entry.FullName.Replace('\\', '/');
            var at = path.LastIndexOf("uploads/", StringComparison.OrdinalIgnoreCase);
            entries.TryAdd(at >= 0 ? path[(at + "uploads/".Length)..] : path, entry);
        }
    }

    public bool HasZip => zip is not null;

    /// <summary>Relative upload paths stored by this import, with their address here.</summary>
    public IEnumerable<(string Relative, string LocalUrl)> Stored =>
        stored.Where(s => s.Value is not null).Select(s => (s.Key, s.Value!));

    public static UploadsArchive Open(Stream? stream, IFileStorage files)
    {
        if (stream is null) return new UploadsArchive(null, files);
        try
        {
            var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            if (zip.Entries.Sum(e => e.Length) > MaxUploadsBytes)
                throw new WxrImportException("The uploads zip unpacks to more than 1 GB. Zip only the uploads folder. Nothing was imported.");
            return new UploadsArchive(zip, files);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            throw new WxrImportException("The uploads file is not a valid zip archive. Nothing was imported.");
        }
    }

    /// <summary>The path below "uploads/" of an address on the old site ("https://old.example/wp-content/uploads/2024/03/a.jpg").</summary>
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

    public static bool IsImagePath(string relative) => ImageExtension().IsMatch(relative);

    /// <summary>The stored copy's address, storing it first if needed; null when the zip has no such image.</summary>
    public async Task<string?> LocalUrlAsync(string relative, CancellationToken ct)
    {
        if (stored.TryGetValue(relative, out var known)) return known;
        string? local = null;
        if (entries.TryGetValue(relative, out var entry) && entry.Length <= MaxImageBytes && IsImagePath(relative)
            && await ReadAsync(entry, ct) is { } content)
        {
            if (ImageType(content) is { } type)
            {
                var hash = Convert.ToHexString(SHA256.HashData(content))[..16].ToLowerInvariant();
                var name = SafeFileName().Replace(Path.GetFileName(relative), "-");
                var path = $"editorial/wp/{hash}-{(name.Length > 80 ? name[^80..] : name)}";
                await files.SaveAsync(path, content, type, ct);
                local = MediaUrls.For(path);
            }
        }
        stored[relative] = local;
        return local;
    }

    /// <summary>The entry's bytes, or null when this entry of the zip is damaged (it then counts as missing).</summary>
    private static async Task<byte[]?> ReadAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
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

    /// <summary>Only these raster formats are served from the store; anything else (SVG, HTML named .jpg) is left out.</summary>
    private static string? ImageType(byte[] bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };

    public void Dispose() => zip?.Dispose();

    [GeneratedRegex(@"\.(?:jpe?g|png|gif|webp)$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageExtension();

    [GeneratedRegex(@"[^A-Za-z0-9._-]")]
    private static partial Regex SafeFileName();
}
