using FibroStore.SharedKernel.Email;
using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Subscribers.Pages.Subscribe;

/// <summary>Someone asked to join (or join again); they need a confirmation email.</summary>
internal sealed record ConfirmationDue(Guid SubscriberId) : IntegrationEvent;

internal sealed class ConfirmationEmailHandler(SubscribersDbContext db, IEmailSender sender, SubscriberEmails emails, ISiteSettings site)
    : INotificationHandler<ConfirmationDue>
{
    public async ValueTask Handle(ConfirmationDue notification, CancellationToken cancellationToken)
    {
        var subscriber = await db.Subscribers.AsNoTracking()
            .Where(s => s.Id == notification.SubscriberId && s.Status == SubscriberStatus.Pending)
            .Select(s => new { s.Id, s.Email, s.FirstName })
            .SingleOrDefaultAsync(cancellationToken);
        // Confirmed or erased in the meantime: nothing to ask.
        if (subscriber is null) return;
        var settings = await site.GetAsync(cancellationToken);
        await sender.SendAsync(emails.Confirmation(subscriber.Id, subscriber.Email, subscriber.FirstName, settings), cancellationToken);
    }
}
