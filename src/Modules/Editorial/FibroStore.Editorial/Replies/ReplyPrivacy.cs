using FibroStore.Accounts.Contracts;
using FibroStore.SharedKernel.Privacy;

namespace FibroStore.Editorial.Replies;

/// <summary>A signed-in person's replies, for their "download my data" file.</summary>
internal sealed class ReplyPersonalData(EditorialDbContext db) : IPersonalDataContributor
{
    public string Section => "Replies to articles";

    public async Task<object?> CollectAsync(string userId, string email, CancellationToken ct)
    {
        var replies = await db.Replies.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.CreatedAt)
            .Select(r => new
            {
                Article = r.Article.Title,
                Url = ArticleUrls.Article(r.Article.Slug),
                r.AuthorName, r.Email, r.Website, Text = r.Body, Status = r.Status.ToString(), r.CreatedAt, r.NotifyOnReply,
            })
            .ToListAsync(ct);
        return replies.Count == 0 ? null : replies;
    }
}

/// <summary>
/// A deleted account's replies stay (other replies may answer them) but no longer say who wrote them:
/// name, email, website and the account link are removed. Hearing the event twice changes nothing more.
/// </summary>
internal sealed class AnonymiseRepliesOnAccountDeleted(EditorialDbContext db, IPageCache cache) : INotificationHandler<AccountDeleted>
{
    public const string FormerMember = "Former member";

    public async ValueTask Handle(AccountDeleted notification, CancellationToken cancellationToken)
    {
        var articleIds = await db.Replies.Where(r => r.UserId == notification.UserId).Select(r => r.ArticleId).Distinct().ToListAsync(cancellationToken);
        if (articleIds.Count == 0) return;
        await db.Replies.Where(r => r.UserId == notification.UserId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.AuthorName, FormerMember)
            .SetProperty(r => r.Email, "")
            .SetProperty(r => r.Website, (string?)null)
            .SetProperty(r => r.NotifyOnReply, false)
            .SetProperty(r => r.UserId, (string?)null), cancellationToken);
        foreach (var articleId in articleIds)
            await cache.EvictRepliesAsync(articleId, cancellationToken);
    }
}
