using System.Security.Cryptography;
using FibroStore.Editorial.Replies;
using FibroStore.SharedKernel.Markdown;
using Microsoft.Extensions.Options;

namespace FibroStore.Editorial.Pages.Articles;

public sealed partial class ShowArticle
{
    public sealed record SubmitReply(
        string Slug, string Name, string Email, string? Website, string Comment, Guid? ParentId, bool Notify,
        string? Stamp, string? Honeypot, string ClientAddress, string? UserId) : ICommand<Outcome<Submitted>>;

    /// <summary>What became of a reply the store took.</summary>
    public abstract record Submitted
    {
        public sealed record Published(Guid ReplyId) : Submitted;
        /// <summary>Waiting for a moderator. Also the answer for a discarded bot, which must not learn it was caught.</summary>
        public sealed record Held : Submitted;
    }

    internal sealed class SubmitHandler(
        EditorialDbContext db,
        IMarkdownRenderer sanitizer,
        FormStamp stamps,
        IRequestThrottle throttle,
        IPageCache cache,
        IOptions<ReplyOptions> options,
        ISiteSettings siteSettings,
        TimeProvider clock) : ICommandHandler<SubmitReply, Outcome<Submitted>>
    {
        public async ValueTask<Outcome<Submitted>> Handle(SubmitReply command, CancellationToken cancellationToken)
        {
            var rules = options.Value;
            var site = await siteSettings.GetAsync(cancellationToken);
            var maxLinks = site.ReplyMaxLinks ?? rules.MaxLinks;
            var article = await db.Articles.Live().Where(a => a.Slug == command.Slug)
                .Select(a => new { a.Id, a.RepliesClosed }).SingleOrDefaultAsync(cancellationToken);
            if (article is null) return Refusal.NotFound("This article is not on the site.");
            if (article.RepliesClosed) return Refusal.Invalid("Replies to this article are closed.");
            if (!string.IsNullOrEmpty(command.Honeypot)) return new Submitted.Held();

            var age = stamps.Age(command.Stamp);
            if (age is null || age > TimeSpan.FromHours(rules.MaximumHours))
                return Refusal.Invalid("This form was open for too long, or your browser blocked a script it needs. Please reload the page and send your reply again.");
            if (age < TimeSpan.FromSeconds(rules.MinimumSeconds))
                return Refusal.Invalid("That was very quick. Please wait a moment and send your reply again.");
            if (ReplyText.CountLinks(command.Comment) > maxLinks)
                return Refusal.Invalid(maxLinks == 0 ? "Please leave links out of your reply." : $"Please include at most {maxLinks} links in a reply.",
                    $"{nameof(Input)}.{nameof(ReplyForm.Comment)}");
            if (!await throttle.TryAcquireAsync($"editorial-reply:{command.ClientAddress}", rules.PerAddressLimit,
                    TimeSpan.FromMinutes(rules.PerAddressWindowMinutes), cancellationToken))
                return Refusal.TooMany("You have sent several replies in a short time. Please wait a few minutes and try again.");
            if (command.ParentId is Guid parentId && !await db.Replies.AnyAsync(
                    r => r.Id == parentId && r.ArticleId == article.Id && r.Status == ReplyStatus.Approved, cancellationToken))
                return Refusal.Invalid("The reply you are answering is no longer shown. Please reply to the article instead.");

            var status = await IsBlockedAsync(command, cancellationToken) ? ReplyStatus.Spam
                : site.ReplyModeration == ReplyModeration.TrustApprovedReaders && await IsTrustedAsync(command.UserId, cancellationToken) ? ReplyStatus.Approved
                : ReplyStatus.Pending;
            var now = clock.GetUtcNow();
            var reply = new Reply
            {
                Id = Guid.NewGuid(),
                ArticleId = article.Id,
                ParentId = command.ParentId,
                AuthorName = command.Name,
                Email = command.Email,
                Website = string.IsNullOrEmpty(command.Website) ? null : command.Website,
                UserId = command.UserId,
                Body = command.Comment.Trim(),
                BodyHtml = ReplyText.ToHtml(command.Comment, sanitizer),
                Status = status,
                CreatedAt = now,
                ApprovedAt = status == ReplyStatus.Approved ? now : null,
                NotifyOnReply = command.Notify,
                NotifyToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            };
            db.Replies.Add(reply);
            if (status == ReplyStatus.Approved)
                ReplyNotices.Stage(db, reply, now);
            await db.SaveChangesAsync(cancellationToken);

            if (status != ReplyStatus.Approved) return new Submitted.Held();
            await cache.EvictRepliesAsync(article.Id, cancellationToken);
            return new Submitted.Published(reply.Id);
        }

        private async Task<bool> IsBlockedAsync(SubmitReply command, CancellationToken ct)
        {
            var terms = await db.BlockedTerms.AsNoTracking().Select(t => t.Term).ToListAsync(ct);
            var haystack = string.Join('\n', command.Name, command.Email, command.Website, command.Comment);
            return terms.Any(term => haystack.Contains(term, StringComparison.OrdinalIgnoreCase));
        }

        // Signing in needs a confirmed email (Accounts requires it), so "signed in" means a confirmed address;
        // one approved reply before makes the reader trusted. A typed email address never counts.
        private async Task<bool> IsTrustedAsync(string? userId, CancellationToken ct) =>
            userId is not null && await db.Replies.AnyAsync(r => r.UserId == userId && r.Status == ReplyStatus.Approved, ct);
    }
}
