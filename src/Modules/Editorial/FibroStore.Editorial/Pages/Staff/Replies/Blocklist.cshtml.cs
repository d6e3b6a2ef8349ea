using System.ComponentModel.DataAnnotations;
using FibroStore.SiteServices.Contracts;
using FibroStore.Editorial.Data;
using FibroStore.SharedKernel.Web;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

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
        var terms = (Terms ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (terms.Any(t => t.Length > 100)) ModelState.AddModelError(nameof(Terms), "Each line can be at most 100 characters.");
        if (terms.Any(t => t.Length < 3)) ModelState.AddModelError(nameof(Terms), "Each line needs at least 3 characters, or it would catch ordinary words.");
        if (terms.Count > MaxTerms) ModelState.AddModelError(nameof(Terms), $"Use at most {MaxTerms} lines.");
        if (!ModelState.IsValid) return Page();
        await mediator.Send(new Replace(terms, User.StaffId()), ct);
        return RedirectToPage(new { saved = true });
    }

    public sealed record Query : IQuery<IReadOnlyList<string>>;
    public sealed record Replace(IReadOnlyList<string> Terms, string ActorId) : ICommand;

    internal sealed class Handler(EditorialDbContext db, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<string>>, ICommandHandler<Replace>
    {
        public async ValueTask<IReadOnlyList<string>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.BlockedTerms.AsNoTracking().OrderBy(t => t.Term).Select(t => t.Term).ToListAsync(cancellationToken);

        public async ValueTask<Unit> Handle(Replace command, CancellationToken cancellationToken)
        {
            var before = await db.BlockedTerms.CountAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.BlockedTerms.ExecuteDeleteAsync(cancellationToken);
            db.BlockedTerms.AddRange(command.Terms.Select(t => new BlockedTerm { Id = Guid.NewGuid(), Term = t }));
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Editorial, "reply-blocklist.replaced", "Blocklist", "replies",
                new { Count = before }, new { Count = command.Terms.Count });
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
