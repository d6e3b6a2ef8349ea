using FibroStore.BackOffice.Data;
using FibroStore.SharedKernel.Web;

namespace FibroStore.BackOffice.Pages.SitePages;

/// <summary>The information pages (privacy, terms, shipping, returns) for /sitemap.xml.</summary>
internal sealed class SitePagesSitemap(BackOfficeDbContext db) : ISitemapSource
{
    public string CacheTag => SitePageCache.Tag;

    public async Task<IReadOnlyList<SitemapEntry>> GetEntriesAsync(CancellationToken ct) =>
        (await db.SitePages.AsNoTracking().OrderBy(p => p.Slug).Select(p => new { p.Slug, p.UpdatedAt }).ToListAsync(ct))
        .Select(p => new SitemapEntry("/" + p.Slug, p.UpdatedAt)).ToList();
}
