using FibroStore.Editorial.Replies;

namespace FibroStore.Editorial.Pages.Staff.Replies;

#pragma warning disable CA1711 // "Reply queue" is the staff's name for this page; it is a page, not a queue type.
/// <summary>The moderation queue: approve, mark as spam or delete, one reply or many at once; close an article's replies.</summary>
public sealed class ReplyQueue(IMediator mediator) : PageModel
#pragma warning restore CA1711
{
    public const int PageSize = 50;

    /// <summary>
    /// <c>?show=</c>, nullable so that a missing one is the waiting list rather than a "required" error on the page
    /// (a non-nullable bound string is implicitly required).
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "show")] public string? ShowParameter { get; set; }
    public string Show => ShowParameter ?? "pending";
    /// <summary>The page of the list, from 1; not named "page", which Razor Pages keeps for itself.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty] public List<Guid> Selected { get; set; } = [];
    public IReadOnlyList<Row> Replies { get; private set; } = [];
    public int PageCount { get; private set; } = 1;
    /// <summary>What the last action did, carried over its redirect (never from the address, which anyone can write).</summary>
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ParseStatus(Show) is null) return NotFound();
        if (PageNumber < 1) return RedirectToPage(new { show = Show });
        await LoadAsync(Show, ct);
        return Page();
    }

    /// <summary><paramref name="action"/> applies to the ticked replies; <paramref name="one"/> ("approve:{id}") to a single row.</summary>
    public async Task<IActionResult> OnPostAsync(string? action, string? one, CancellationToken ct)
    {
        var ids = Selected;
        if (one is { Length: > 0 } && one.Split(':') is [var single, var idText] && Guid.TryParse(idText, out var id))
            (action, ids) = (single, [id]);
        if (!Enum.TryParse<Moderation>(action, ignoreCase: true, out var moderation))
            ModelState.AddModelError("", "Choose what to do with the replies.");
        else if (ids.Count == 0)
            ModelState.AddModelError("", "Tick at least one reply first.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ParseStatus(Show) is null ? "pending" : Show, ct);
            return Page();
        }
        var count = await mediator.Send(new Moderate(ids, moderation, Actor), ct);
        var verb = moderation switch { Moderation.Approve => "approved", Moderation.Spam => "marked as spam", _ => "deleted" };
        Message = $"{count} {(count == 1 ? "reply" : "replies")} {verb}.";
        return RedirectToPage(new { show = Show, p = PageNumber });
    }

    /// <summary>Closing keeps the replies already there and stops new ones; it can be undone from the same row.</summary>
    public async Task<IActionResult> OnPostRepliesOpenAsync(Guid articleId, bool open, CancellationToken ct)
    {
        var outcome = await mediator.Send(new SetRepliesOpen(articleId, open, Actor), ct);
        if (!outcome.IsDone) return StatusCode(RefusalStatus.For(outcome.Refusal.Kind));
        var title = outcome.Value;
        Message = open ? $"Replies to “{title}” are open again." : $"Replies to “{title}” are closed.";
        return RedirectToPage(new { show = Show, p = PageNumber });
    }

    private string Actor => User.StaffId();

    private async Task LoadAsync(string show, CancellationToken ct)
    {
        var list = await mediator.Send(new Query(show, Math.Max(1, PageNumber)), ct);
        (Replies, PageCount) = (list.Rows, Math.Max(1, (list.Total + PageSize - 1) / PageSize));
    }

    internal static ReplyStatus? ParseStatus(string show) => show switch
    {
        "pending" => ReplyStatus.Pending,
        "approved" => ReplyStatus.Approved,
        "spam" => ReplyStatus.Spam,
        _ => null,
    };

    public enum Moderation { Approve, Spam, Delete }

    public sealed record Row(Guid Id, Guid ArticleId, string ArticleTitle, string ArticleSlug, bool RepliesClosed, string AuthorName, string Email, string? Website, string Body, DateTimeOffset CreatedAt, bool IsAnswer);
    public sealed record ReplyPage(IReadOnlyList<Row> Rows, int Total);
    public sealed record Query(string Show, int PageNumber) : IQuery<ReplyPage>;
    public sealed record Moderate(IReadOnlyList<Guid> Ids, Moderation Action, string ActorId) : ICommand<int>;
    /// <summary>Answers the article's title.</summary>
    public sealed record SetRepliesOpen(Guid ArticleId, bool Open, string ActorId) : ICommand<Outcome<string>>;

    internal sealed class Handler(EditorialDbContext db, IPageCache cache, ISiteSettings siteSettings, TimeProvider clock)
        : IQueryHandler<Query, ReplyPage>, ICommandHandler<Moderate, int>, ICommandHandler<SetRepliesOpen, Outcome<string>>
    {
        public async ValueTask<ReplyPage> Handle(Query query, CancellationToken cancellationToken)
        {
            var status = ParseStatus(query.Show) ?? ReplyStatus.Pending;
            var replies = db.Replies.AsNoTracking().Where(r => r.Status == status);
            var total = await replies.CountAsync(cancellationToken);
            // The waiting queue is worked oldest first; the other lists show the newest first. Id breaks ties so pages never overlap.
            replies = status == ReplyStatus.Pending ? replies.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id) : replies.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id);
            var rows = await replies.Skip((query.PageNumber - 1) * PageSize).Take(PageSize)
                .Select(r => new Row(r.Id, r.ArticleId, r.Article.Title, r.Article.Slug, r.Article.RepliesClosed, r.AuthorName, r.Email, r.Website, r.Body, r.CreatedAt, r.ParentId != null))
                .ToListAsync(cancellationToken);
            var settings = await siteSettings.GetAsync(cancellationToken);
            return new ReplyPage(rows.Select(r => r with { CreatedAt = r.CreatedAt.In(settings) }).ToList(), total);
        }

        public async ValueTask<Outcome<string>> Handle(SetRepliesOpen command, CancellationToken cancellationToken)
        {
            var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == command.ArticleId, cancellationToken);
            if (article is null) return Refusal.NotFound("That article no longer exists.");
            if (article.RepliesClosed == !command.Open) return article.Title;
            var now = clock.GetUtcNow();
            article.RepliesClosed = !command.Open;
            article.UpdatedAt = now;
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, command.Open ? "article.replies-opened" : "article.replies-closed",
                "Article", article.Id.ToString(), new { RepliesClosed = command.Open }, new { article.RepliesClosed });
            await db.SaveChangesAsync(cancellationToken);
            // The reply form is part of the cached article page.
            await cache.EvictRepliesAsync(article.Id, cancellationToken);
            return article.Title;
        }

        public async ValueTask<int> Handle(Moderate command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var replies = await db.Replies.Where(r => command.Ids.Contains(r.Id)).ToListAsync(cancellationToken);
            foreach (var reply in replies)
            {
                var before = reply.Status.ToString();
                switch (command.Action)
                {
                    case Moderation.Approve when reply.Status != ReplyStatus.Approved:
                        reply.Status = ReplyStatus.Approved;
                        reply.ApprovedAt = now;
                        ReplyNotices.Stage(db, reply, now);
                        break;
                    case Moderation.Spam:
                        reply.Status = ReplyStatus.Spam;
                        break;
                    case Moderation.Delete:
                        db.Replies.Remove(reply);
                        break;
                }
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, $"reply.{command.Action.ToString().ToLowerInvariant()}",
                    "Reply", reply.Id.ToString(), new { Status = before }, command.Action == Moderation.Delete ? null : new { Status = reply.Status.ToString() });
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var articleId in replies.Select(r => r.ArticleId).Distinct())
                await cache.EvictRepliesAsync(articleId, cancellationToken);
            return replies.Count;
        }
    }
}
