using FibroStore.SharedKernel.Email;
using FibroStore.SharedKernel.Messaging;
using Microsoft.Extensions.Configuration;

namespace FibroStore.Editorial.Replies;

/// <summary>An approved reply answers a reply whose writer asked to hear about answers.</summary>
internal sealed record ReplyNoticeDue(Guid ReplyId) : IntegrationEvent;

internal static class ReplyNotices
{
    /// <summary>Call when a reply becomes visible; staged in the same SaveChanges as the approval.</summary>
    public static void Stage(EditorialDbContext db, Reply reply, DateTimeOffset now)
    {
        if (reply.ParentId is not null)
            db.AddEvent(new ReplyNoticeDue(reply.Id), now);
    }

    public static string StopPath(string token) => $"/replies/stop-notices/{token}";
}

internal sealed class ReplyNoticeHandler(EditorialDbContext db, IEmailSender email, IConfiguration configuration)
    : INotificationHandler<ReplyNoticeDue>
{
    public async ValueTask Handle(ReplyNoticeDue notification, CancellationToken cancellationToken)
    {
        var found = await db.Replies.AsNoTracking()
            .Where(r => r.Id == notification.ReplyId && r.Status == ReplyStatus.Approved)
            .Join(db.Replies, r => r.ParentId, p => p.Id, (r, p) => new
            {
                r.AuthorName, ArticleTitle = r.Article.Title, ArticleSlug = r.Article.Slug, ReplyId = r.Id,
                ParentEmail = p.Email, ParentName = p.AuthorName, p.NotifyOnReply, p.NotifyToken,
            })
            .SingleOrDefaultAsync(cancellationToken);
        // Nobody to tell: the parent did not ask, or was anonymised since.
        if (found is null || !found.NotifyOnReply || found.ParentEmail.Length == 0) return;

        var link = PublicLinks.Absolute(configuration, $"{ArticleUrls.Article(found.ArticleSlug)}#reply-{found.ReplyId}");
        var stop = PublicLinks.Absolute(configuration, ReplyNotices.StopPath(found.NotifyToken));
        var text = $"""
            Hello {found.ParentName},

            {found.AuthorName} answered your reply to "{found.ArticleTitle}":
            {link}

            To stop these emails for that reply, open: {stop}
            """;
        var html = $"""
            <p>Hello {WebUtility.HtmlEncode(found.ParentName)},</p>
            <p>{WebUtility.HtmlEncode(found.AuthorName)} answered your reply to <a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(found.ArticleTitle)}</a>.</p>
            <p><a href="{WebUtility.HtmlEncode(stop)}">Stop these emails for that reply</a></p>
            """;
        await email.SendAsync(new EmailMessage(found.ParentEmail, $"A new answer to your reply on \"{found.ArticleTitle}\"", html, text)
        {
            ToName = found.ParentName,
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = $"<{stop}>" },
        }, cancellationToken);
    }
}
