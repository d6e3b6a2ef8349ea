using FibroStore.Catalog.Contracts;
using FibroStore.Editorial.Data;
using FibroStore.Editorial.Rendering;
using FibroStore.SharedKernel.Clustering;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Editorial.Pages;

[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, EditorialCache.All, EditorialCache.Indexes])]
public sealed class HomePage(IMediator mediator) : PageModel
{
    public const int NewestCount = 6;
    public const int FeaturedCount = 4;

    public IReadOnlyList<ArticleSummary> Newest { get; private set; } = [];
    public IReadOnlyList<ProductCard> Featured { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Newest, Featured) = await mediator.Send(new Query(), ct);
        EditorialCache.Tag(HttpContext, Featured.Select(p => CatalogCacheTags.Product(p.Slug)));
    }

    public sealed record Query : IQuery<(IReadOnlyList<ArticleSummary>, IReadOnlyList<ProductCard>)>;

    internal sealed class Handler(EditorialDbContext db, ProductSlots products)
        : IQueryHandler<Query, (IReadOnlyList<ArticleSummary>, IReadOnlyList<ProductCard>)>
    {
        public async ValueTask<(IReadOnlyList<ArticleSummary>, IReadOnlyList<ProductCard>)> Handle(Query query, CancellationToken cancellationToken)
        {
            var newest = await db.Articles.AsNoTracking().Live().Summaries().Take(NewestCount).ToListAsync(cancellationToken);
            var featured = await products.FeaturedAsync(FeaturedCount, cancellationToken);
            return (newest, featured);
        }
    }
}
