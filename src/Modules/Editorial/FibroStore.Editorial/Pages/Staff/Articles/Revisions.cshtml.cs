namespace FibroStore.Editorial.Pages.Staff.Articles;

public sealed class ArticleRevisions(IMediator mediator) : PageModel
{
    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];
    public RevisionRow? Shown { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, int? number, CancellationToken ct)
    {
        var result = await mediator.Send(new Query(id), ct);
        if (result is null) return NotFound();
        (Id, Title, Revisions) = (id, result.Title, result.Revisions);
        if (number is int n && (Shown = Revisions.FirstOrDefault(r => r.Number == n)) is null) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(Guid id, int number, CancellationToken ct)
    {
        var restored = await mediator.Send(new Restore(id, number, User.StaffId()), ct);
        if (!restored.IsDone) return StatusCode(RefusalStatus.For(restored.Refusal.Kind));
        return RedirectToPage("./Edit", new { id, saved = $"Revision {number} restored as the current text." });
    }

    public sealed record RevisionRow(int Number, DateTimeOffset SavedAt, string SavedBy, string Title, string Slug, string Excerpt, string Markdown, string References);
    public sealed record Query(Guid Id) : IQuery<Result?>;
    public sealed record Result(string Title, IReadOnlyList<RevisionRow> Revisions);
    public sealed record Restore(Guid Id, int Number, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(EditorialDbContext db, ArticleRenderer renderer, IPageCache cache, ISiteSettings siteSettings, TimeProvider clock)
        : IQueryHandler<Query, Result?>, ICommandHandler<Restore, Outcome>
    {
        public async ValueTask<Result?> Handle(Query query, CancellationToken cancellationToken)
        {
            var title = await db.Articles.Where(a => a.Id == query.Id).Select(a => a.Title).SingleOrDefaultAsync(cancellationToken);
            if (title is null) return null;
            var revisions = await db.Revisions.AsNoTracking().Where(r => r.ArticleId == query.Id).OrderByDescending(r => r.Number)
                .Select(r => new RevisionRow(r.Number, r.SavedAt, r.SavedBy, r.Title, r.Slug, r.Excerpt, r.Markdown, r.References))
                .ToListAsync(cancellationToken);
            var settings = await siteSettings.GetAsync(cancellationToken);
            return new Result(title, revisions.Select(r => r with { SavedAt = r.SavedAt.In(settings) }).ToList());
        }

        /// <summary>Restoring copies the old text forward as a new revision; the slug and status stay as they are.</summary>
        public async ValueTask<Outcome> Handle(Restore command, CancellationToken cancellationToken)
        {
            var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == command.Id, cancellationToken);
            var revision = await db.Revisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == command.Id && r.Number == command.Number, cancellationToken);
            if (article is null || revision is null) return Refusal.NotFound("That article or revision no longer exists.");
            var now = clock.GetUtcNow();
            var rendered = renderer.Render(revision.Markdown, revision.References);
            article.Title = revision.Title;
            article.Excerpt = revision.Excerpt;
            article.Markdown = revision.Markdown;
            article.References = revision.References;
            article.BodyHtml = rendered.Html;
            article.BodyText = rendered.Text;
            article.TocJson = rendered.TocJson;
            article.ReferencesHtml = rendered.ReferencesHtml;
            article.ProductSlugs = [.. rendered.ProductSlugs];
            article.ReadingMinutes = rendered.ReadingMinutes;
            article.UpdatedAt = now;
            var number = await db.Revisions.Where(r => r.ArticleId == command.Id).MaxAsync(r => r.Number, cancellationToken);
            db.Revisions.Add(new ArticleRevision
            {
                Id = Guid.NewGuid(), ArticleId = article.Id, Number = number + 1, SavedAt = now, SavedBy = command.ActorId,
                Title = article.Title, Slug = article.Slug, Excerpt = article.Excerpt, Markdown = article.Markdown, References = article.References,
            });
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, "article.revision-restored", "Article", article.Id.ToString(),
                null, new { RestoredRevision = command.Number });
            await db.SaveChangesAsync(cancellationToken);
            await cache.EvictArticlesAsync(cancellationToken);
            return Outcome.Done;
        }
    }
}
