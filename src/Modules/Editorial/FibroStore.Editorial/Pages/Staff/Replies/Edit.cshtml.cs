using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using FibroStore.Editorial.Data.Configurations;
using FibroStore.Editorial.Replies;
using FibroStore.SharedKernel.Markdown;

namespace FibroStore.Editorial.Pages.Staff.Replies;

/// <summary>Correct a reply's text, or answer it as the store (the answer is approved at once).</summary>
public sealed class EditReply(IMediator mediator) : PageModel
{
    public Guid Id { get; private set; }
    public Summary? Reply { get; private set; }
    [BindProperty] public Form Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input.Body = Reply!.Body;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var staffName = User.StaffName();
        var updated = await mediator.Send(new Update(id, Input.Body, Input.Answer, staffName, User.StaffId()), ct);
        if (!updated.IsDone) return StatusCode(RefusalStatus.For(updated.Refusal.Kind));
        return RedirectToPage("./Index", new { done = string.IsNullOrWhiteSpace(Input.Answer) ? "Reply updated." : "Reply updated and answered." });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        Reply = await mediator.Send(new Query(id), ct);
        return Reply is not null;
    }

    public sealed class Form
    {
        [Required(ErrorMessage = "A reply cannot be empty; delete it from the queue instead.")]
        [StringLength(Limits.ReplyBody, ErrorMessage = "A reply can be at most {1} characters.")]
        [Display(Name = "Reply text")]
        public string Body { get; set; } = "";

        [StringLength(Limits.ReplyBody, ErrorMessage = "An answer can be at most {1} characters.")]
        [Display(Name = "Your answer")]
        public string? Answer { get; set; }
    }

    public sealed record Summary(string ArticleTitle, string AuthorName, string Body, string Status);
    public sealed record Query(Guid Id) : IQuery<Summary?>;
    public sealed record Update(Guid Id, string Body, string? Answer, string StaffName, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(EditorialDbContext db, IMarkdownRenderer sanitizer, IPageCache cache, TimeProvider clock)
        : IQueryHandler<Query, Summary?>, ICommandHandler<Update, Outcome>
    {
        public async ValueTask<Summary?> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Replies.AsNoTracking().Where(r => r.Id == query.Id)
                .Select(r => new Summary(r.Article.Title, r.AuthorName, r.Body, r.Status.ToString())).SingleOrDefaultAsync(cancellationToken);

        public async ValueTask<Outcome> Handle(Update command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            // Another moderator may have deleted it since the page was shown.
            var reply = await db.Replies.SingleOrDefaultAsync(r => r.Id == command.Id, cancellationToken);
            if (reply is null) return Refusal.NotFound("That reply no longer exists.");
            if (reply.Body != command.Body.Trim())
            {
                reply.Body = command.Body.Trim();
                reply.BodyHtml = ReplyText.ToHtml(reply.Body, sanitizer);
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, "reply.edited", "Reply", reply.Id.ToString());
            }
            if (!string.IsNullOrWhiteSpace(command.Answer))
            {
                // Answering a reply shows it: the store would not answer something it keeps hidden.
                if (reply.Status != ReplyStatus.Approved)
                {
                    reply.Status = ReplyStatus.Approved;
                    reply.ApprovedAt = now;
                    ReplyNotices.Stage(db, reply, now);
                }
                var answer = new Reply
                {
                    Id = Guid.NewGuid(), ArticleId = reply.ArticleId, ParentId = reply.Id, AuthorName = command.StaffName, Email = "",
                    UserId = command.ActorId, Body = command.Answer.Trim(), BodyHtml = ReplyText.ToHtml(command.Answer, sanitizer),
                    Status = ReplyStatus.Approved, CreatedAt = now, ApprovedAt = now,
                    NotifyToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
                };
                db.Replies.Add(answer);
                ReplyNotices.Stage(db, answer, now);
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, "reply.answered", "Reply", reply.Id.ToString(), null, new { AnswerId = answer.Id });
            }
            await db.SaveChangesAsync(cancellationToken);
            await cache.EvictRepliesAsync(reply.ArticleId, cancellationToken);
            return Outcome.Done;
        }
    }
}
