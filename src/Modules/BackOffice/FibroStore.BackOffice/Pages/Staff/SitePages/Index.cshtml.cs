using System.ComponentModel.DataAnnotations;
using FibroStore.SiteServices.Contracts;
using FibroStore.BackOffice.Data;
using FibroStore.BackOffice.Pages.SitePages;
using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Results;
using FibroStore.SharedKernel.Web;

namespace FibroStore.BackOffice.Pages.Staff.SitePages;

public sealed class EditSitePages(IMediator mediator) : PageModel
{
    public IReadOnlyList<Summary> Pages { get; private set; } = [];
    [BindProperty] public Form Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Slug { get; set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        Pages = await mediator.Send(new List(), ct);
        if (Slug is null) return Page();
        var page = Pages.SingleOrDefault(p => p.Slug == Slug);
        if (page is null) return NotFound();
        Input = new Form { Title = page.Title, Markdown = page.Markdown };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Pages = await mediator.Send(new List(), ct);
        if (Slug is null || Pages.All(p => p.Slug != Slug)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var updated = await mediator.Send(new Update(Slug, Input.Title, Input.Markdown, User.StaffId()), ct);
        return updated.IsDone ? RedirectToPage(new { slug = Slug, saved = true }) : NotFound();
    }

    public sealed class Form
    {
        [Required, StringLength(120)] public string Title { get; set; } = "";
        [Required, StringLength(100_000)] public string Markdown { get; set; } = "";
    }

    public sealed record Summary(string Slug, string Title, string Markdown, DateTimeOffset UpdatedAt);
    public sealed record List : IQuery<IReadOnlyList<Summary>>;
    /// <summary>Refused only when there is no page with this slug.</summary>
    public sealed record Update(string Slug, string Title, string Markdown, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(BackOfficeDbContext db, IPageCache cache, TimeProvider clock)
        : IQueryHandler<List, IReadOnlyList<Summary>>, ICommandHandler<Update, Outcome>
    {
        public async ValueTask<IReadOnlyList<Summary>> Handle(List query, CancellationToken cancellationToken) =>
            await db.SitePages.AsNoTracking().OrderBy(p => p.Slug)
                .Select(p => new Summary(p.Slug, p.Title, p.Markdown, p.UpdatedAt)).ToListAsync(cancellationToken);

        public async ValueTask<Outcome> Handle(Update command, CancellationToken cancellationToken)
        {
            var page = await db.SitePages.SingleOrDefaultAsync(p => p.Slug == command.Slug, cancellationToken);
            if (page is null)
                return Refusal.NotFound("There is no such page.");
            var before = new { page.Title, MarkdownLength = page.Markdown.Length };
            page.Title = command.Title;
            page.Markdown = command.Markdown;
            page.UpdatedAt = clock.GetUtcNow();
            AuditTrail.Record(db, page.UpdatedAt, command.ActorId, AuditAreas.Settings, "site-page.edited", "SitePage",
                page.Slug, before, new { page.Title, MarkdownLength = page.Markdown.Length });
            await db.SaveChangesAsync(cancellationToken);
            await cache.EvictAsync(SitePageCache.Tag, cancellationToken);
            return Outcome.Done;
        }
    }
}
