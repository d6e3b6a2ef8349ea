using FibroStore.Editorial.Data;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Editorial.Pages.Staff.Articles;

public sealed class ArticleList(IMediator mediator) : PageModel
{
    public IReadOnlyList<Row> Articles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Articles = await mediator.Send(new Query(), ct);

    public sealed record Query : IQuery<IReadOnlyList<Row>>;
    public sealed record Row(Guid Id, string Title, string Slug, string Status, DateTimeOffset? PublishedAt, DateTimeOffset? PublishAt, DateTimeOffset UpdatedAt, int Pending);

    internal sealed class Handler(EditorialDbContext db) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Articles.AsNoTracking().OrderByDescending(a => a.UpdatedAt)
                .Select(a => new Row(a.Id, a.Title, a.Slug, a.Status.ToString(), a.PublishedAt, a.PublishAt, a.UpdatedAt,
                    a.Replies.Count(r => r.Status == ReplyStatus.Pending)))
                .ToListAsync(cancellationToken);
    }
}
