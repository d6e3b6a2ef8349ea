namespace FibroStore.Editorial.Pages.Staff.Articles;

public sealed class ArticleList(IMediator mediator) : PageModel
{
    public IReadOnlyList<Row> Articles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Articles = await mediator.Send(new Query(), ct);

    public sealed record Query : IQuery<IReadOnlyList<Row>>;
    public sealed record Row(Guid Id, string Title, string Slug, string Status, DateTimeOffset? PublishedAt, DateTimeOffset? PublishAt, DateTimeOffset UpdatedAt, int Pending);

    internal sealed class Handler(EditorialDbContext db, ISiteSettings siteSettings) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            var settings = await siteSettings.GetAsync(cancellationToken);
            var rows = await db.Articles.AsNoTracking().OrderByDescending(a => a.UpdatedAt)
                .Select(a => new Row(a.Id, a.Title, a.Slug, a.Status.ToString(), a.PublishedAt, a.PublishAt, a.UpdatedAt,
                    a.Replies.Count(r => r.Status == ReplyStatus.Pending)))
                .ToListAsync(cancellationToken);
            return rows.Select(r => r with { PublishedAt = r.PublishedAt.In(settings), PublishAt = r.PublishAt.In(settings), UpdatedAt = r.UpdatedAt.In(settings) }).ToList();
        }
    }
}
