using FibroStore.Editorial.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace FibroStore.Subscribers.Campaigns;

/// <summary>
/// A newly published article with "send to subscribers" becomes exactly one campaign. The outbox may deliver the
/// event more than once, and two instances may hear it at the same moment: the unique index on the article makes
/// every later attempt insert nothing. Recipients are fixed here, inside the database, without loading the list.
/// </summary>
internal sealed class StartCampaignOnArticlePublished(SubscribersDbContext db, SubscriberLinks links, TimeProvider clock)
    : INotificationHandler<ArticlePublished>
{
    public async ValueTask Handle(ArticlePublished notification, CancellationToken cancellationToken)
    {
        if (!notification.SendToSubscribers || notification.Imported) return;

        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var title = Clip(notification.Title, 300);
        var excerpt = Clip(notification.Excerpt, 2000);
        var url = Clip(links.Absolute(notification.Url), 1000);
        // Typed so that a missing body (an event from before the full text existed) is stored as NULL.
        var bodyHtml = new NpgsqlParameter("body_html", NpgsqlDbType.Text) { Value = (object?)notification.BodyHtml ?? DBNull.Value };
        var pending = nameof(DeliveryStatus.Pending);
        var confirmed = nameof(SubscriberStatus.Confirmed);
        var eachArticle = nameof(SendPreference.EachArticle);

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO subscribers.campaigns (id, article_id, title, excerpt, article_url, body_html, created_at, recipient_count)
            VALUES ({id}, {notification.ArticleId}, {title}, {excerpt}, {url}, {bodyHtml}, {now}, 0)
            ON CONFLICT (article_id) DO NOTHING
            """, cancellationToken);
        if (created == 0) return;

        var recipients = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO subscribers.deliveries (campaign_id, subscriber_id, status, attempts, next_attempt_at)
            SELECT {id}, s.id, {pending}, 0, {now}
            FROM subscribers.subscribers s
            WHERE s.status = {confirmed} AND s.preference = {eachArticle}
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"UPDATE subscribers.campaigns SET recipient_count = {recipients} WHERE id = {id}", cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
