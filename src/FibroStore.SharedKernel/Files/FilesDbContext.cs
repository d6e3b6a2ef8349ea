using FibroStore.SharedKernel.Data;

namespace FibroStore.SharedKernel.Files;

internal sealed class StoredFileRow
{
    public string Path { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

// dotnet ef migrations add <Name> --project src/FibroStore.SharedKernel --startup-project src/FibroStore.Web --context FilesDbContext --output-dir Files/Migrations
internal sealed class FilesDbContext(DbContextOptions<FilesDbContext> options) : DbContext(options)
{
    public const string Schema = "files";

    public DbSet<StoredFileRow> Files => Set<StoredFileRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.Entity<StoredFileRow>(b =>
        {
            b.ToTable("stored_files");
            b.HasKey(f => f.Path);
            b.Property(f => f.Path).HasMaxLength(400);
            b.Property(f => f.ContentType).HasMaxLength(100);
        });
    }
}

/// <summary>Files as rows: every instance reads the same bytes, and a backup of the database includes them.</summary>
internal sealed class PostgresFileStorage(IServiceScopeFactory scopes, TimeProvider clock) : IFileStorage
{
    public async Task SaveAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        ValidatePath(path);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FilesDbContext>();
        // Paths are content-addressed, so writing an existing path again stores the same bytes: keep the first.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO files.stored_files (path, content_type, content, created_at)
            VALUES ({path}, {contentType}, {content.ToArray()}, {clock.GetUtcNow()})
            ON CONFLICT (path) DO NOTHING
            """, ct);
    }

    public async Task<StoredFile?> GetAsync(string path, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<FilesDbContext>().Files.AsNoTracking().SingleOrDefaultAsync(f => f.Path == path, ct);
        return row is null ? null : new StoredFile(row.Path, row.ContentType, row.Content, row.CreatedAt);
    }

    public async Task<bool> ExistsAsync(string path, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FilesDbContext>().Files.AnyAsync(f => f.Path == path, ct);
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FilesDbContext>().Files.Where(f => f.Path == path).ExecuteDeleteAsync(ct);
    }

    private static void ValidatePath(string path)
    {
        if (path.Length is 0 or > 400 || path.StartsWith('/') || path.Contains("..", StringComparison.Ordinal)
            || !path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.'))
            throw new ArgumentException($"Not a valid storage path: {path}", nameof(path));
    }
}
