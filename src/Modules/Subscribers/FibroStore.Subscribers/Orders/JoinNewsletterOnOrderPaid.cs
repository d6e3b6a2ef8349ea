using FibroStore.Ordering.Contracts;
using FibroStore.Subscribers.Contracts;

namespace FibroStore.Subscribers.Orders;

/// <summary>
/// A shopper who ticked "send me the newsletter" at checkout joins once the order is paid. An account's address,
/// already proven by the account, joins at once; a guest's typed address is asked to confirm by email first (the
/// email goes through this module's outbox). Ordering's outbox may deliver the event again (after a failure here, or
/// a crash before it was marked done): the event's id is recorded in the same transaction as the join, so a second
/// delivery neither joins twice nor sends a second confirmation email.
/// </summary>
internal sealed class JoinNewsletterOnOrderPaid(SubscribersDbContext db, INewsletterMembership membership, TimeProvider clock)
    : INotificationHandler<OrderPaid>
{
    public async ValueTask Handle(OrderPaid notification, CancellationToken cancellationToken)
    {
        // An order whose buyer has since been erased carries no address.
        if (!notification.JoinNewsletter || string.IsNullOrWhiteSpace(notification.Email)) return;

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var first = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO subscribers.heard_events (event_id, heard_at) VALUES ({notification.EventId}, {clock.GetUtcNow()})
            ON CONFLICT (event_id) DO NOTHING
            """, cancellationToken);
        if (first == 0) return;
        if (notification.EmailConfirmedByAccount)
            await membership.JoinConfirmedAsync(notification.Email, notification.FirstName, cancellationToken);
        else
            await membership.InviteAsync(notification.Email, notification.FirstName, "checkout", cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}
