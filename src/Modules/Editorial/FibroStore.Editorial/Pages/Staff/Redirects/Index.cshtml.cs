using System.Security.Claims;
using FibroStore.BackOffice.Contracts;
using FibroStore.Catalog.Contracts;
using FibroStore.Editorial.Data;
using FibroStore.Editorial.Discovery;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FibroStore.Editorial.Pages.Staff.Redirects;

/// <summary>
/// Every redirect of the site in one list (the WordPress import's, the shop's, those left by slug changes and those
/// made here), with how often each is still followed; add one by hand, remove one.
/// </summary>
public sealed class RedirectsManager(IMediator mediator) : PageModel
{
    public const int Shown = 500;

    [BindProperty] public AddForm Add { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Notice { get; private set; }

    public async Task OnGetAsync(string? from, string? done, CancellationToken ct)
    {
        Add = new AddForm { From = from };
        Notice = done switch { "added" => "Redirect added.", "removed" => "Redirect removed.", "gone" => "That redirect was already removed.", _ => null };
        Rows = await mediator.Send(new Query(Q), ct);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (ModelState.IsValid && await mediator.Send(new AddRedirect(Add.From, Add.To, Actor), ct) is { } problem)
            ModelState.AddModelError(problem.Field, problem.Message);
        if (ModelState.IsValid) return RedirectToPage(new { done = "added" });
        Rows = await mediator.Send(new Query(Q), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? fromPath, bool shop, CancellationToken ct)
    {
        var removed = !string.IsNullOrEmpty(fromPath) && await mediator.Send(new RemoveRedirect(fromPath, shop, Actor), ct);
        return RedirectToPage(new { done = removed ? "removed" : "gone", Q });
    }

    private string Actor => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public sealed class AddForm
    {
        public string? From { get; set; }
        public string? To { get; set; }
    }

    /// <summary>One redirect; <paramref name="Shop"/> when the shop keeps it. A null target is 410 Gone or a product not on sale.</summary>
    public sealed record Row(string FromPath, string? Target, string Made, long Hits, DateTimeOffset? LastHitAt, bool Shop);

    public sealed record Query(string? Contains) : IQuery<IReadOnlyList<Row>>;
    public sealed record AddRedirect(string? From, string? To, string ActorId) : ICommand<(string Field, string Message)?>;
    public sealed record RemoveRedirect(string FromPath, bool Shop, string ActorId) : ICommand<bool>;

    internal sealed class Handler(EditorialDbContext db, IShopRedirects shop, RedirectRules rules, TimeProvider clock) :
        IQueryHandler<Query, IReadOnlyList<Row>>, ICommandHandler<AddRedirect, (string Field, string Message)?>, ICommandHandler<RemoveRedirect, bool>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken ct)
        {
            var rows = db.Redirects.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Contains))
            {
                var pattern = "%" + query.Contains.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                rows = rows.Where(r => EF.Functions.Like(r.FromPath, pattern, "\\"));
            }
            var site = await rows.OrderByDescending(r => r.Hits).ThenBy(r => r.FromPath).Take(Shown)
                .Select(r => new
                {
                    r.FromPath, r.TargetPath, r.ArticleId, r.Source, r.Hits, r.LastHitAt,
                    Slug = db.Articles.Where(a => a.Id == r.ArticleId).Select(a => a.Slug).FirstOrDefault(),
                })
                .ToListAsync(ct);
            var shopRows = await shop.ListAsync(query.Contains, Shown, ct);
            return site.Select(r => new Row(r.FromPath, r.Slug is not null ? ArticleUrls.Article(r.Slug) : r.TargetPath, Made(r.Source), r.Hits, r.LastHitAt, false))
                .Concat(shopRows.Select(r => new Row(r.FromPath, r.TargetPath, Made(r.Source), r.Hits, r.LastHitAt, true)))
                .OrderByDescending(r => r.Hits).ThenBy(r => r.FromPath, StringComparer.Ordinal).Take(Shown).ToList();
        }

        public async ValueTask<(string Field, string Message)?> Handle(AddRedirect command, CancellationToken ct)
        {
            var (source, sourceProblem) = RedirectRules.Source(command.From);
            if (sourceProblem is not null) return ("Add.From", sourceProblem);
            var (target, targetProblem) = RedirectRules.Target(command.To);
            if (targetProblem is not null) return ("Add.To", targetProblem);
            if (await rules.CheckAsync(source!, target!, ct) is { } problem) return problem;

            var now = clock.GetUtcNow();
            db.Redirects.Add(new Redirect { FromPath = source!, TargetPath = target, Source = RedirectSources.Staff, CreatedAt = now, UpdatedAt = now });
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, "redirect.added", "Redirect", source!, after: new { FromPath = source, TargetPath = target });
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return ("Add.From", $"Someone added a redirect from {source} a moment ago. Reload the page to see it.");
            }
            // Redirected now, so no longer one of the addresses that answer 404.
            await db.NotFoundPaths.Where(p => p.Path == source).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }

        public async ValueTask<bool> Handle(RemoveRedirect command, CancellationToken ct)
        {
            if (command.Shop) return await shop.RemoveAsync(command.FromPath, command.ActorId, ct);
            var row = await db.Redirects.SingleOrDefaultAsync(r => r.FromPath == command.FromPath, ct);
            if (row is null) return false;
            db.Redirects.Remove(row);
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Editorial, "redirect.removed", "Redirect", row.FromPath,
                before: new { row.FromPath, row.TargetPath, row.ArticleId, row.Source, row.Hits });
            await db.SaveChangesAsync(ct);
            return true;
        }

        private static string Made(string source) => source switch
        {
            RedirectSources.Staff => "Added by staff",
            RedirectSources.ArticleSlug => "Article address changed",
            "product-slug" => "Product address changed",
            "woocommerce-product" or "woocommerce-category" => "WooCommerce import",
            _ when source.StartsWith("wordpress-", StringComparison.Ordinal) => "WordPress import",
            _ => source,
        };
    }
}
