using FibroStore.BackOffice.Data;
using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Markdown;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.BackOffice.Pages.SitePages;

[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, SitePageCache.Tag])]
public sealed class ShowSitePage(IMediator mediator) : PageModel
{
    public View? Shown { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        Shown = await mediator.Send(new Query(slug), ct);
        return Shown is null ? NotFound() : Page();
    }

    public sealed record Query(string Slug) : IQuery<View?>;
    public sealed record View(string Title, string Html, DateTimeOffset UpdatedAt);

    internal sealed class Handler(BackOfficeDbContext db, IMarkdownRenderer markdown) : IQueryHandler<Query, View?>
    {
        public async ValueTask<View?> Handle(Query query, CancellationToken cancellationToken)
        {
            var page = await db.SitePages.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == query.Slug, cancellationToken);
            return page is null ? null : new View(page.Title, markdown.ToSafeHtml(page.Markdown), page.UpdatedAt);
        }
    }
}

internal static class SitePageCache
{
    public const string Tag = "site-pages";
}
