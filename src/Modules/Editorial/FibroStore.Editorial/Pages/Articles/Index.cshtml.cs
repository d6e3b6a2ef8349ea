using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Editorial.Pages.Articles;

[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, EditorialCache.All, EditorialCache.Indexes], VaryByQueryKeys = [ArticleLists.PageKey, ArticleLists.OldPageKey])]
public sealed class ArticleIndex(IMediator mediator) : PageModel
{
    public ArticlePage Listing { get; private set; } = null!;
    public IReadOnlyList<(string Name, string Slug)> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = ArticleLists.PageKey)] int? pageNumber,
        [FromQuery(Name = ArticleLists.OldPageKey)] int? oldPageNumber, CancellationToken ct = default)
    {
        var result = await mediator.Send(new Query(pageNumber ?? oldPageNumber ?? 1), ct);
        if (result.Listing is null) return NotFound();
        (Listing, Categories) = (result.Listing, result.Categories);
        return Page();
    }

    public sealed record Query(int PageNumber) : IQuery<Result>;
    public sealed record Result(ArticlePage? Listing, IReadOnlyList<(string Name, string Slug)> Categories);

    internal sealed class Handler(EditorialDbContext db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var listing = await db.Articles.AsNoTracking().Live().PageAsync(query.PageNumber, cancellationToken);
            var categories = await db.Categories.AsNoTracking()
                .Where(c => db.Articles.Any(a => a.Status == ArticleStatus.Published && (a.CategoryId == c.Id || a.OtherCategories.Any(o => o.Id == c.Id))))
                .OrderBy(c => c.Name).Select(c => new { c.Name, c.Slug }).ToListAsync(cancellationToken);
            return new Result(listing, categories.Select(c => (c.Name, c.Slug)).ToList());
        }
    }
}
