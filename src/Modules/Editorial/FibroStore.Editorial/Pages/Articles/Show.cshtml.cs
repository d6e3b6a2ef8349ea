using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using FibroStore.Editorial.Data.Configurations;
using FibroStore.Editorial.Sharing;
using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Editorial.Pages.Articles;

[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, EditorialCache.All], VaryByQueryKeys = [])]
public sealed partial class ShowArticle(IMediator mediator) : PageModel
{
    public ArticleView Article { get; private set; } = null!;
    public IReadOnlyList<ReplyNode> Replies { get; private set; } = [];
    public IReadOnlyList<ArticleSummary> Related { get; private set; } = [];
    public Neighbour? Previous { get; private set; }
    public Neighbour? Next { get; private set; }
    public int ReplyCount { get; private set; }

    /// <summary>What a shared link shows: the article's main picture, or one the store drew from its title.</summary>
    public ShareImage Share { get; private set; } = null!;

    [BindProperty] public ReplyForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        EditorialCache.Tag(HttpContext, [EditorialCache.Article(Article.Id), .. Article.Products.Keys.Select(CatalogCacheTags.Product)]);
        if (User.Identity?.IsAuthenticated == true)
        {
            // Signed-in pages are never cached, so the form can be filled in for them.
            Input.Name = User.FindFirstValue(ActingStaff.DisplayNameClaim) ?? User.Identity.Name ?? "";
            Input.Email = User.FindFirstValue(ClaimTypes.Email) ?? (User.Identity.Name is { } name && name.Contains('@', StringComparison.Ordinal) ? name : "");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(string slug, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new SubmitReply(slug, Input.Name.Trim(), Input.Email.Trim(), Input.Website?.Trim(),
                Input.Comment, Input.ParentId, Input.Notify, Input.Stamp, Input.Fax,
                HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", User.FindFirstValue(ClaimTypes.NameIdentifier)), ct);
            if (outcome.IsDone)
            {
                return outcome.Value is Submitted.Published published
                    ? Redirect($"{ArticleUrls.Article(slug)}#reply-{published.ReplyId}")
                    : RedirectToPage("ReplyReceived", new { slug });
            }
            this.Show(outcome.Refusal);
        }
        if (!await LoadAsync(slug, ct)) return NotFound();
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var result = await mediator.Send(new Query(slug), ct);
        if (result is null) return false;
        (Article, Replies, Related, Previous, Next, Share) = (result.Article, result.Replies, result.Related, result.Previous, result.Next, result.Share);
        ReplyCount = Count(Replies);
        return true;
    }

    private static int Count(IEnumerable<ReplyNode> nodes) => nodes.Sum(n => 1 + Count(n.Children));

    public sealed class ReplyForm
    {
        [Required(ErrorMessage = "Please enter your name.")]
        [StringLength(Limits.Name, ErrorMessage = "Your name can be at most {1} characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Please enter your email address.")]
        [EmailAddress(ErrorMessage = "That does not look like an email address.")]
        [StringLength(Limits.Email, ErrorMessage = "Your email address can be at most {1} characters.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Url(ErrorMessage = "Your website must be a full address starting with https:// or http://.")]
        [StringLength(Limits.Url, ErrorMessage = "Your website address can be at most {1} characters.")]
        [Display(Name = "Website")]
        public string? Website { get; set; }

        [Required(ErrorMessage = "Please write your reply.")]
        [StringLength(Limits.ReplyBody, ErrorMessage = "Please keep your reply under {1} characters.")]
        [Display(Name = "Comment")]
        public string Comment { get; set; } = "";

        public Guid? ParentId { get; set; }
        public bool Notify { get; set; }
        public string? Stamp { get; set; }

        /// <summary>The honeypot: hidden from people and from screen readers, filled in only by scripts.</summary>
        public string? Fax { get; set; }
    }

    public sealed record Query(string Slug) : IQuery<Result?>;
    public sealed record Result(ArticleView Article, IReadOnlyList<ReplyNode> Replies, IReadOnlyList<ArticleSummary> Related, Neighbour? Previous,
        Neighbour? Next, ShareImage Share);

    /// <summary>A share picture's address; <see cref="Drawn"/> when the store drew it (then its size is known: 1200 × 630 PNG).</summary>
    public sealed record ShareImage(string Url, string Alt, bool Drawn);

    internal sealed class Handler(EditorialDbContext db, EditorialReads reads, ProductSlots products, ISiteSettings siteSettings, ShareImages shareImages)
        : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query query, CancellationToken cancellationToken)
        {
            var live = db.Articles.AsNoTracking().Live();
            var article = await ArticleReader.ReadAsync(products, live.Where(a => a.Slug == query.Slug), cancellationToken);
            if (article is null) return null;

            var replies = await ArticleReader.RepliesAsync(db, article.Id, cancellationToken);
            var (related, previous, next) = await reads.AroundAsync(article.Id, ct => AroundAsync(live, article, ct), cancellationToken);
            var share = article.ImageUrl is { } picture
                ? new ShareImage(picture, article.ImageAlt ?? "", Drawn: false)
                : new ShareImage(await shareImages.UrlForAsync(article.Title, (await siteSettings.GetAsync(cancellationToken)).StoreName, cancellationToken),
                    article.Title, Drawn: true);
            return new Result(article, replies, related, previous, next, share);
        }

        private static async Task<EditorialReads.Around> AroundAsync(IQueryable<Article> live, ArticleView article, CancellationToken ct)
        {
            var tagSlugs = article.Tags.Select(t => t.Slug).ToList();
            var related = await live
                .Where(a => a.Id != article.Id && (a.Category.Slug == article.CategorySlug || a.Tags.Any(t => tagSlugs.Contains(t.Slug))))
                .Summaries().Take(3).ToListAsync(ct);
            var previous = await live.Where(a => a.PublishedAt < article.PublishedAt).OrderByDescending(a => a.PublishedAt)
                .Select(a => new Neighbour(a.Title, a.Slug)).FirstOrDefaultAsync(ct);
            var next = await live.Where(a => a.PublishedAt > article.PublishedAt).OrderBy(a => a.PublishedAt)
                .Select(a => new Neighbour(a.Title, a.Slug)).FirstOrDefaultAsync(ct);
            return new EditorialReads.Around(related, previous, next);
        }
    }
}
