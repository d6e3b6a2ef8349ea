using System.ComponentModel.DataAnnotations;

namespace FibroStore.Editorial.Pages.Staff.Replies;

/// <summary>Words and addresses that send a reply straight to the spam list (checked in name, email, website and text).</summary>
public sealed class Blocklist(IMediator mediator) : PageModel
{
    public const int MaxTerms = 2000;

    [BindProperty]
    [StringLength(100_000, ErrorMessage = "The blocklist is too long.")]
    [Display(Name = "Blocked words and addresses")]
    public string? Terms { get; set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        Terms = string.Join('\n', await mediator.Send(new Query(), ct));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var outcome = await mediator.Send(new Replace(Terms, User.StaffId()), ct);
        if (!outcome.IsDone) return this.Refuse(outcome.Refusal);
        return RedirectToPage(new { saved = true });
    }

    public sealed record Query : IQuery<IReadOnlyList<string>>;

    /// <param name="Text">The blocklist as typed: one word or address a line.</param>
    public sealed record Replace(string? Text, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(EditorialDbContext db, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<string>>, ICommandHandler<Replace, Outcome>
    {
        public async ValueTask<IReadOnlyList<string>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.BlockedTerms.AsNoTracking().OrderBy(t => t.Term).Select(t => t.Term).ToListAsync(cancellationToken);

        public async ValueTask<Outcome> Handle(Replace command, CancellationToken cancellationToken)
        {
            var terms = (command.Text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var problems = new List<FieldProblem>();
            if (terms.Any(t => t.Length > 100)) problems.Add(new(nameof(Terms), "Each line can be at most 100 characters."));
            if (terms.Any(t => t.Length < 3)) problems.Add(new(nameof(Terms), "Each line needs at least 3 characters, or it would catch ordinary words."));
            if (terms.Count > MaxTerms) problems.Add(new(nameof(Terms), $"Use at most {MaxTerms} lines."));
            if (problems.Count > 0) return Refusal.Invalid(problems);

            var before = await db.BlockedTerms.CountAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.BlockedTerms.ExecuteDeleteAsync(cancellationToken);
            db.BlockedTerms.AddRange(terms.Select(t => new BlockedTerm { Id = Guid.NewGuid(), Term = t }));
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Editorial, "reply-blocklist.replaced", "Blocklist", "replies",
                new { Count = before }, new { Count = terms.Count });
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return Outcome.Done;
        }
    }
}
