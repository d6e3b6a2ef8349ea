using FibroStore.SharedKernel.Data;

namespace FibroStore.Catalog.Shop;

internal sealed class ShopRedirects(CatalogDbContext db, TimeProvider clock) : IShopRedirects
{
    public async Task<IReadOnlyList<ShopRedirect>> ListAsync(string? contains, int limit, CancellationToken ct) =>
        await AsContract(Matching(contains).OrderByDescending(r => r.Hits).ThenBy(r => EF.Functions.Collate(r.FromPath, "C")).Take(limit)).ToListAsync(ct);

    public Task<int> CountAsync(string? contains, CancellationToken ct) => Matching(contains).CountAsync(ct);

    public Task<ShopRedirect?> FindAsync(string fromPath, CancellationToken ct) =>
        AsContract(Listed(db.Redirects.AsNoTracking().Where(r => r.FromPath == fromPath))).FirstOrDefaultAsync(ct);

    private IQueryable<ListedRedirect> Matching(string? contains)
    {
        var rows = Listed(db.Redirects.AsNoTracking());
        if (string.IsNullOrEmpty(contains)) return rows;
        var pattern = LikePattern.Containing(contains);
        return rows.Where(r => EF.Functions.ILike(r.FromPath, pattern, LikePattern.Escape)
                               || (r.TargetPath != null && EF.Functions.ILike(r.TargetPath, pattern, LikePattern.Escape)));
    }

    public async Task<bool> IsLivePageAsync(string path, CancellationToken ct)
    {
        var product = ProductCards.UrlFor("");
        var category = CategoryTree.UrlFor("");
        if (path.StartsWith(product, StringComparison.Ordinal) && path.Length > product.Length)
        {
            var slug = path[product.Length..];
            return await db.Products.AnyAsync(p => p.Slug == slug && p.Status == ProductStatus.Active, ct);
        }
        if (path.StartsWith(category, StringComparison.Ordinal) && path.Length > category.Length)
        {
            var slug = path[category.Length..];
            return await db.Categories.AnyAsync(c => c.Slug == slug, ct);
        }
        return false;
    }

    public async Task<Outcome> RemoveAsync(string fromPath, string actorId, CancellationToken ct)
    {
        var row = await db.Redirects.SingleOrDefaultAsync(r => r.FromPath == fromPath, ct);
        if (row is null) return Refusal.NotFound($"There is no redirect from {fromPath}.");
        db.Redirects.Remove(row);
        AuditTrail.Record(db, clock.GetUtcNow(), actorId, AuditAreas.Catalog, "redirect.removed", "Redirect", fromPath,
            before: new { row.FromPath, row.ProductId, row.CategoryId, row.Source, row.Hits });
        await db.SaveChangesAsync(ct);
        return Outcome.Done;
    }

    private IQueryable<ListedRedirect> Listed(IQueryable<ProductRedirect> rows) => rows.Select(r => new ListedRedirect
    {
        FromPath = r.FromPath,
        TargetPath = db.Products.Where(p => p.Id == r.ProductId && p.Status == ProductStatus.Active).Select(p => "/products/" + p.Slug).FirstOrDefault()
            ?? db.Categories.Where(c => c.Id == r.CategoryId).Select(c => "/shop/category/" + c.Slug).FirstOrDefault(),
        Source = r.Source,
        Hits = r.Hits,
        LastHitAt = r.LastHitAt,
    });

    private static IQueryable<ShopRedirect> AsContract(IQueryable<ListedRedirect> rows) =>
        rows.Select(r => new ShopRedirect(r.FromPath, r.TargetPath, r.Source, r.Hits, r.LastHitAt));

    /// <summary>
    /// A redirect with where it leads, in named members rather than the contract record's constructor, so a query can
    /// still filter and sort on them (EF Core cannot see through a constructor's arguments).
    /// </summary>
    private sealed class ListedRedirect
    {
        public required string FromPath { get; init; }
        public string? TargetPath { get; init; }
        public required string Source { get; init; }
        public long Hits { get; init; }
        public DateTimeOffset? LastHitAt { get; init; }
    }
}
