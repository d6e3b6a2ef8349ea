using FibroStore.SharedKernel.Email;
using FibroStore.Editorial.Contracts;

namespace FibroStore.Subscribers.Campaigns;

/// <summary>
/// Sent at once rather than through the outbox: the editor is waiting on the page for "sent" or "it failed", and a
/// lost test changes nothing that a second press cannot fix. No campaign or delivery row is written.
/// </summary>
internal sealed class NewsletterPreview(IEmailSender sender, SubscriberEmails emails, ISiteSettings site) : INewsletterPreview
{
    public async Task SendTestAsync(string toEmail, NewsletterArticle article, CancellationToken ct)
    {
        var settings = await site.GetAsync(ct);
        await sender.SendAsync(emails.Test(toEmail, article, settings), ct);
    }
}
