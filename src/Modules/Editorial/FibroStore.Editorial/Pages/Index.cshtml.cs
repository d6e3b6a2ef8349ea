using FibroStore.Editorial.Sharing;
using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Editorial.Pages;

[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, EditorialCache.All, EditorialCache.Indexes])]
public sealed class HomePage(IMediator mediator) : PageModel
{
    public const int NewestCount = 6;
    public const int FeaturedCount = 4;

    public IReadOnlyList<ArticleSummary> Newest { get; private set; } = [];
    public IReadOnlyList<ProductCard> Featured { get; private set; } = [];

    /// <summary>The picture shown when the home page is shared: the store's tagline and name, drawn by the store.</summary>
    public string ShareImageUrl { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Newest, Featured, ShareImageUrl) = await mediator.Send(new Query(), ct);
        EditorialCache.Tag(HttpContext, Featured.Select(p => CatalogCacheTags.Product(p.Slug)));
    }

    public sealed record Query : IQuery<Result>;
    public sealed record Result(IReadOnlyList<ArticleSummary> Newest, IReadOnlyList<ProductCard> Featured, string ShareImageUrl);

    internal sealed class Handler(EditorialDbContext db, EditorialReads reads, ProductSlots products, ISiteSettings siteSettings, ShareImages shareImages)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var newest = await reads.NewestAsync(NewestCount,
                async ct => await db.Articles.AsNoTracking().Live().Summaries().Take(NewestCount).ToListAsync(ct), cancellationToken);
            var featured = await products.FeaturedAsync(FeaturedCount, cancellationToken);
            var settings = await siteSettings.GetAsync(cancellationToken);
            return new Result(newest, featured, await shareImages.UrlForAsync(settings.Tagline, settings.StoreName, cancellationToken));
        }
    }
}
