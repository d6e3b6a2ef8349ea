using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Editorial.Pages.Articles;

/// <summary>The articles of one category, tag or author, newest first.</summary>
[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, EditorialCache.All, EditorialCache.Indexes], VaryByQueryKeys = [ArticleLists.PageKey, ArticleLists.OldPageKey])]
public sealed class ArticleArchive(IMediator mediator) : PageModel
{
    public Result Shown { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string kind, string slug, [FromQuery(Name = ArticleLists.PageKey)] int? pageNumber,
        [FromQuery(Name = ArticleLists.OldPageKey)] int? oldPageNumber, CancellationToken ct = default)
    {
        var result = await mediator.Send(new Query(kind, slug, pageNumber ?? oldPageNumber ?? 1), ct);
        if (result is null) return NotFound();
        Shown = result;
        return Page();
    }

    public sealed record Query(string Kind, string Slug, int PageNumber) : IQuery<Result?>;
    public sealed record Result(string Kind, string Name, string Description, string BaseUrl, string? FeedUrl, ArticlePage Listing);

    internal sealed class Handler(EditorialDbContext db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query query, CancellationToken cancellationToken)
        {
            var live = db.Articles.AsNoTracking().Live();
            switch (query.Kind)
            {
                case "category":
                    var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.Slug, cancellationToken);
                    if (category is null) return null;
                    return await ResultAsync("Category", category.Name, category.Description, ArticleUrls.Category(category.Slug),
                        ArticleUrls.CategoryFeed(category.Slug), live.InCategory(category.Id), query.PageNumber, cancellationToken);
                case "tag":
                    var tag = await db.Tags.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == query.Slug, cancellationToken);
                    if (tag is null) return null;
                    return await ResultAsync("Tag", tag.Name, "", ArticleUrls.Tag(tag.Slug), null,
                        live.Where(a => a.Tags.Any(t => t.Id == tag.Id)), query.PageNumber, cancellationToken);
                case "author":
                    var author = await live.Where(a => a.AuthorSlug == query.Slug).Select(a => a.AuthorName).FirstOrDefaultAsync(cancellationToken);
                    if (author is null) return null;
                    return await ResultAsync("Author", author, "", ArticleUrls.Author(query.Slug), null,
                        live.Where(a => a.AuthorSlug == query.Slug), query.PageNumber, cancellationToken);
                default:
                    return null;
            }
        }

        private static async Task<Result?> ResultAsync(string kind, string name, string description, string baseUrl, string? feedUrl,
            IQueryable<Article> articles, int pageNumber, CancellationToken ct)
        {
            var listing = await articles.PageAsync(pageNumber, ct);
            return listing is null ? null : new Result(kind, name, description, baseUrl, feedUrl, listing);
        }
    }
}
