using FibroStore.Editorial.Contracts;
using FibroStore.BackOffice.Data;
using FibroStore.BackOffice.Pages.SitePages;
using FibroStore.SharedKernel.Clustering;

namespace FibroStore.BackOffice.SitePages;

internal sealed class InformationPages(BackOfficeDbContext db) : IInformationPages
{
    public const int SlugLength = 40;
    public const int TitleLength = 120;
    public const int TextLength = 100_000;

    public async Task<IReadOnlyDictionary<string, InformationPageState>> FindAsync(IReadOnlyCollection<string> slugs, CancellationToken ct) =>
        await db.SitePages.AsNoTracking().Where(p => slugs.Contains(p.Slug))
            .ToDictionaryAsync(p => p.Slug, p => new InformationPageState(p.Slug, p.Title, p.UpdatedAt), ct);
}

/// <summary>
/// Creates or replaces an information page another module supplied. The condition is checked again here, under
/// the row's lock, so a page edited after the sender looked is kept; a redelivered event finds the page already
/// written (its time is later than the condition) and changes nothing.
/// </summary>
internal sealed class InformationPageSuppliedHandler(BackOfficeDbContext db, IPageCache cache) : INotificationHandler<InformationPageSupplied>
{
    public async ValueTask Handle(InformationPageSupplied notification, CancellationToken cancellationToken)
    {
        if (notification.Slug.Length is 0 or > InformationPages.SlugLength || notification.Html.Length > InformationPages.TextLength)
            return;
        var title = notification.Title.Length > InformationPages.TitleLength ? notification.Title[..InformationPages.TitleLength] : notification.Title;
        var changed = notification.ReplaceIfUnchangedSince is DateTimeOffset since
            ? await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO backoffice.site_pages (slug, title, markdown, updated_at)
                VALUES ({notification.Slug}, {title}, {notification.Html}, {notification.At})
                ON CONFLICT (slug) DO UPDATE SET title = excluded.title, markdown = excluded.markdown, updated_at = excluded.updated_at
                WHERE site_pages.updated_at <= {since}
                """, cancellationToken)
            : await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO backoffice.site_pages (slug, title, markdown, updated_at)
                VALUES ({notification.Slug}, {title}, {notification.Html}, {notification.At})
                ON CONFLICT (slug) DO NOTHING
                """, cancellationToken);
        if (changed > 0)
            await cache.EvictAsync(SitePageCache.Tag, cancellationToken);
    }
}
