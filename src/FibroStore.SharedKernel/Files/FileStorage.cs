namespace FibroStore.SharedKernel.Files;

public sealed record StoredFile(string Path, string ContentType, byte[] Content, DateTimeOffset CreatedAt);

/// <summary>
/// Uploaded and generated files (images). Kept in PostgreSQL by default, so every app instance sees every
/// file without a shared disk. Paths are immutable: write a new path (with a content hash) instead of changing one.
/// </summary>
public interface IFileStorage
{
    Task SaveAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct);
    Task<StoredFile?> GetAsync(string path, CancellationToken ct);
    Task<bool> ExistsAsync(string path, CancellationToken ct);
    Task DeleteAsync(string path, CancellationToken ct);
}

public static class MediaUrls
{
    /// <summary>The public address of a stored file; the host serves /media/{path} with a long cache lifetime.</summary>
    public static string For(string path) => "/media/" + path;
}
