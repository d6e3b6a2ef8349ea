namespace FibroStore.Editorial.Pages.Articles;

/// <summary>A draft as readers will see it, for anyone holding its private link (the token is unguessable). Never cached or indexed.</summary>
[AllowAnonymous]
public sealed class PreviewArticle(IMediator mediator) : PageModel
{
    public ArticleView Article { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var article = await mediator.Send(new Query(token), ct);
        if (article is null) return NotFound();
        Article = article;
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Page();
    }

    public sealed record Query(string Token) : IQuery<ArticleView?>;

    internal sealed class Handler(EditorialDbContext db, ProductSlots products) : IQueryHandler<Query, ArticleView?>
    {
        public async ValueTask<ArticleView?> Handle(Query query, CancellationToken cancellationToken) =>
            query.Token.Length < 32 ? null
                : await ArticleReader.ReadAsync(products, db.Articles.Where(a => a.PreviewToken == query.Token), cancellationToken);
    }
}
