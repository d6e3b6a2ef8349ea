using FibroStore.BackOffice.Contracts;
using FibroStore.Catalog.Contracts;
using FibroStore.Catalog.Data;
using FibroStore.Catalog.Domain;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Catalog.Shop;

internal sealed class ShopRedirects(CatalogDbContext db, TimeProvider clock) : IShopRedirects
{
    public async Task<IReadOnlyList<ShopRedirect>> ListAsync(string? contains, int limit, CancellationToken ct)
    {
        var rows = db.Redirects.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(contains))
        {
            var pattern = "%" + EscapeLike(contains.Trim().ToLowerInvariant()) + "%";
            rows = rows.Where(r => EF.Functions.Like(r.FromPath, pattern, "\\"));
        }
        return await Project(rows.OrderByDescending(r => r.Hits).ThenBy(r => r.FromPath).Take(limit)).ToListAsync(ct);
    }

    public Task<ShopRedirect?> FindAsync(string fromPath, CancellationToken ct) =>
        Project(db.Redirects.AsNoTracking().Where(r => r.FromPath == fromPath)).FirstOrDefaultAsync(ct);

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

    public async Task<bool> RemoveAsync(string fromPath, string actorId, CancellationToken ct)
    {
        var row = await db.Redirects.SingleOrDefaultAsync(r => r.FromPath == fromPath, ct);
        if (row is null) return false;
        db.Redirects.Remove(row);
        AuditTrail.Record(db, clock.GetUtcNow(), actorId, AuditAreas.Catalog, "redirect.removed", "Redirect", fromPath,
            before: new { row.FromPath, row.ProductId, row.CategoryId, row.Source, row.Hits });
        await db.SaveChangesAsync(ct);
        return true;
    }

    private IQueryable<ShopRedirect> Project(IQueryable<ProductRedirect> rows) => rows.Select(r => new ShopRedirect(
        r.FromPath,
        db.Products.Where(p => p.Id == r.ProductId && p.Status == ProductStatus.Active).Select(p => "/products/" + p.Slug).FirstOrDefault()
            ?? db.Categories.Where(c => c.Id == r.CategoryId).Select(c => "/shop/category/" + c.Slug).FirstOrDefault(),
        r.Source, r.Hits, r.LastHitAt));

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
