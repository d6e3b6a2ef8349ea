using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Messaging;
using Mediator;

namespace FibroStore.SharedKernel.Email;

/// <summary>
/// An email a module decided to send, carried by that module's outbox so an SMTP outage only delays it. One person's
/// emails go out in the order they were written; different people's are sent side by side.
/// </summary>
public sealed record EmailRequested(EmailMessage Message) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"email:{Message.To.ToUpperInvariant()}";
}

public static class QueuedEmail
{
    /// <summary>
    /// Stages an email in the module's outbox: it is sent after the surrounding change commits, and retried with
    /// backoff while the SMTP server is unreachable, so a request never fails because mail is down.
    /// </summary>
    public static void QueueEmail(this DbContext db, EmailMessage message, DateTimeOffset now) =>
        db.AddEvent(new EmailRequested(message), now);
}

internal sealed class EmailRequestedHandler(IEmailSender sender) : INotificationHandler<EmailRequested>
{
    public async ValueTask Handle(EmailRequested notification, CancellationToken cancellationToken) =>
        await sender.SendAsync(notification.Message, cancellationToken);
}
