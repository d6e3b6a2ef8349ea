using FibroStore.Editorial.Discovery;
using Npgsql;

namespace FibroStore.Editorial.Pages.Staff.Redirects;

/// <summary>
/// Every redirect of the site in one list (the WordPress import's, the shop's, those left by slug changes and those
/// made here), with how often each is still followed, a page at a time and searchable; add one by hand, remove one.
/// </summary>
public sealed class RedirectsManager(IMediator mediator) : PageModel
{
    [BindProperty] public AddForm Add { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    /// <summary>The text searched for, as used: trimmed and cut to the longest address.</summary>
    public string? Search { get; private set; }

    public Listing List { get; private set; } = new([], 0, 1, 1, "");
    public string? Notice { get; private set; }

    /// <param name="p">The page, read by hand so that junk in the address shows the first page instead of an error.</param>
    public async Task OnGetAsync(string? from, string? done, string? p, CancellationToken ct)
    {
        Add = new AddForm { From = from };
        Notice = done switch { "added" => "Redirect added.", "removed" => "Redirect removed.", "gone" => "That redirect was already removed.", _ => null };
        await LoadAsync(p, ct);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new AddRedirect(Add.From, Add.To, Actor), ct);
            if (outcome.IsDone) return RedirectToPage(new { done = "added" });
            this.Show(outcome.Refusal);
        }
        await LoadAsync(null, ct);
        return Page();
    }

    /// <summary>Back to the same search and page, so that several redirects can be removed one after another.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(string? fromPath, bool shop, string? p, CancellationToken ct)
    {
        var removed = !string.IsNullOrEmpty(fromPath) && (await mediator.Send(new RemoveRedirect(fromPath, shop, Actor), ct)).IsDone;
        return RedirectToPage(new { done = removed ? "removed" : "gone", q = RedirectListing.Search(Q), p });
    }

    private async Task LoadAsync(string? p, CancellationToken ct)
    {
        Search = RedirectListing.Search(Q);
        List = await mediator.Send(new Query(Search, RedirectListing.RequestedPage(p)), ct);
    }

    private string Actor => User.StaffId();

    public sealed class AddForm
    {
        public string? From { get; set; }
        public string? To { get; set; }
    }

    /// <summary>
    /// One redirect; <paramref name="Shop"/> when the shop keeps it. A null target is 410 Gone or a product not on sale.
    /// <paramref name="LastHitAt"/> is in the store's time zone, <see cref="Listing.TimeZoneId"/>.
    /// </summary>
    public sealed record Row(string FromPath, string? Target, string Made, long Hits, DateTimeOffset? LastHitAt, bool Shop);

    /// <param name="Matching">The redirects whose old or new address contains the search (all of them without one).</param>
    public sealed record Listing(IReadOnlyList<Row> Rows, int Matching, int PageNumber, int PageCount, string TimeZoneId);

    /// <param name="Search">Text the old or the new address contains, ignoring case; null for every redirect.</param>
    public sealed record Query(string? Search, int PageNumber) : IQuery<Listing>;
    public sealed record AddRedirect(string? From, string? To, string ActorId) : ICommand<Outcome>;
    /// <summary>Refused (not found) when the redirect is already gone; the page says so.</summary>
    public sealed record RemoveRedirect(string FromPath, bool Shop, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(EditorialDbContext db, IShopRedirects shop, RedirectRules rules, ISiteSettings siteSettings, TimeProvider clock) :
        IQueryHandler<Query, Listing>, ICommandHandler<AddRedirect, Outcome>, ICommandHandler<RemoveRedirect, Outcome>
    {
        public async ValueTask<Listing> Handle(Query query, CancellationToken ct)
        {
            var site = SiteRedirects();
            if (query.Search is { } search)
            {
                var pattern = LikePattern.Containing(search);
                site = site.Where(r => EF.Functions.ILike(r.FromPath, pattern, LikePattern.Escape)
                                       || (r.Target != null && EF.Functions.ILike(r.Target, pattern, LikePattern.Escape)));
            }
            var matching = await site.CountAsync(ct) + await shop.CountAsync(query.Search, ct);
            var (pageNumber, pageCount) = RedirectListing.Clamp(query.PageNumber, matching);
            // The shop's redirects live in the catalog's schema, so a page is cut from the merge of both lists' first rows
            // down to its end: the rows an OFFSET would have read anyway.
            var skip = (pageNumber - 1) * RedirectListing.PageSize;
            var take = skip + RedirectListing.PageSize;
            var siteRows = await site.OrderByDescending(r => r.Hits).ThenBy(r => EF.Functions.Collate(r.FromPath, "C")).Take(take).ToListAsync(ct);
            var shopRows = await shop.ListAsync(query.Search, take, ct);
            var settings = await siteSettings.GetAsync(ct);
            var rows = siteRows.Select(r => new Row(r.FromPath, r.Target, Made(r.Source), r.Hits, r.LastHitAt.In(settings), false))
                .Concat(shopRows.Select(r => new Row(r.FromPath, r.TargetPath, Made(r.Source), r.Hits, r.LastHitAt.In(settings), true)))
                // Both lists come sorted in the "C" collation, which is ordinal order for any path without characters past U+D7FF.
                .OrderByDescending(r => r.Hits).ThenBy(r => r.FromPath, StringComparer.Ordinal)
                .Skip(skip).Take(RedirectListing.PageSize).ToList();
            return new Listing(rows, matching, pageNumber, pageCount, settings.TimeZone.Id);
        }

        /// <summary>The site's redirects with the address each leads to now (an article's, followed through its slug changes).</summary>
        private IQueryable<SiteRedirect> SiteRedirects()
        {
            var articlePrefix = ArticleUrls.Article("");
            return db.Redirects.AsNoTracking().Select(r => new SiteRedirect
            {
                FromPath = r.FromPath,
                Target = db.Articles.Where(a => a.Id == r.ArticleId).Select(a => articlePrefix + a.Slug).FirstOrDefault() ?? r.TargetPath,
                Source = r.Source,
                Hits = r.Hits,
                LastHitAt = r.LastHitAt,
            });
        }

        /// <summary>Named members rather than a constructor, so the query can still filter and sort on them.</summary>
        private sealed class SiteRedirect
        {
            public required string FromPath { get; init; }
            public string? Target { get; init; }
            public required string Source { get; init; }
            public long Hits { get; init; }
            public DateTimeOffset? LastHitAt { get; init; }
        }

        public async ValueTask<Outcome> Handle(AddRedirect command, CancellationToken ct)
        {
            var from = RedirectRules.Source(command.From);
            if (!from.IsDone) return from.Refusal;
            var to = RedirectRules.Target(command.To);
            if (!to.IsDone) return to.Refusal;
            var (source, target) = (from.Value, to.Value);
            var allowed = await rules.CheckAsync(source, target, ct);
            if (!allowed.IsDone) return allowed;

            var now = clock.GetUtcNow();
            db.Redirects.Add(new Redirect { FromPath = source, TargetPath = target, Source = RedirectSources.Staff, CreatedAt = now, UpdatedAt = now });
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, "redirect.added", "Redirect", source, after: new { FromPath = source, TargetPath = target });
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return Refusal.Invalid($"Someone added a redirect from {source} a moment ago. Reload the page to see it.", RedirectRules.FromField);
            }
            // Redirected now, so no longer one of the addresses that answer 404.
            await db.NotFoundPaths.Where(p => p.Path == source).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome.Done;
        }

        public async ValueTask<Outcome> Handle(RemoveRedirect command, CancellationToken ct)
        {
            if (command.Shop) return await shop.RemoveAsync(command.FromPath, command.ActorId, ct);
            var row = await db.Redirects.SingleOrDefaultAsync(r => r.FromPath == command.FromPath, ct);
            if (row is null) return Refusal.NotFound($"There is no redirect from {command.FromPath}.");
            db.Redirects.Remove(row);
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Editorial, "redirect.removed", "Redirect", row.FromPath,
                before: new { row.FromPath, row.TargetPath, row.ArticleId, row.Source, row.Hits });
            await db.SaveChangesAsync(ct);
            return Outcome.Done;
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
