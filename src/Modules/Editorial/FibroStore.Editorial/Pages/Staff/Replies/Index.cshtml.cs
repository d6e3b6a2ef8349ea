using System.Security.Claims;
using FibroStore.BackOffice.Contracts;
using FibroStore.Editorial.Data;
using FibroStore.Editorial.Rendering;
using FibroStore.Editorial.Replies;
using FibroStore.SharedKernel.Clustering;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Editorial.Pages.Staff.Replies;

/// <summary>The moderation queue: approve, mark as spam or delete, one reply or many at once.</summary>
public sealed class ReplyQueue(IMediator mediator) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string Show { get; set; } = "pending";
    [BindProperty] public List<Guid> Selected { get; set; } = [];
    public IReadOnlyList<Row> Replies { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (ParseStatus(Show) is null) return NotFound();
        Replies = await mediator.Send(new Query(Show), ct);
        Message = done;
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
            Replies = await mediator.Send(new Query(ParseStatus(Show) is null ? "pending" : Show), ct);
            return Page();
        }
        var count = await mediator.Send(new Moderate(ids, moderation, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown"), ct);
        var verb = moderation switch { Moderation.Approve => "approved", Moderation.Spam => "marked as spam", _ => "deleted" };
        return RedirectToPage(new { show = Show, done = $"{count} {(count == 1 ? "reply" : "replies")} {verb}." });
    }

    internal static ReplyStatus? ParseStatus(string show) => show switch
    {
        "pending" => ReplyStatus.Pending,
        "approved" => ReplyStatus.Approved,
        "spam" => ReplyStatus.Spam,
        _ => null,
    };

    public enum Moderation { Approve, Spam, Delete }

    public sealed record Row(Guid Id, string ArticleTitle, string ArticleSlug, string AuthorName, string Email, string? Website, string Body, DateTimeOffset CreatedAt, bool IsAnswer);
    public sealed record Query(string Show) : IQuery<IReadOnlyList<Row>>;
    public sealed record Moderate(IReadOnlyList<Guid> Ids, Moderation Action, string ActorId) : ICommand<int>;

    internal sealed class Handler(EditorialDbContext db, IPageCache cache, TimeProvider clock)
        : IQueryHandler<Query, IReadOnlyList<Row>>, ICommandHandler<Moderate, int>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            var status = ParseStatus(query.Show) ?? ReplyStatus.Pending;
            var replies = db.Replies.AsNoTracking().Where(r => r.Status == status);
            // The waiting queue is worked oldest first; the other lists show the newest first.
            replies = status == ReplyStatus.Pending ? replies.OrderBy(r => r.CreatedAt) : replies.OrderByDescending(r => r.CreatedAt);
            return await replies.Take(PageSize)
                .Select(r => new Row(r.Id, r.Article.Title, r.Article.Slug, r.AuthorName, r.Email, r.Website, r.Body, r.CreatedAt, r.ParentId != null))
                .ToListAsync(cancellationToken);
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
