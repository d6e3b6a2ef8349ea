using FibroStore.Accounts.Contracts;
using FibroStore.Subscribers.Contracts;

namespace FibroStore.Subscribers;

/// <summary>Answers the account's newsletter page (Accounts' question) with the list's own membership rules.</summary>
internal sealed class AccountNewsletter(INewsletterMembership membership) : IAccountNewsletter
{
    public async Task<AccountNewsletterStatus> GetAsync(string email, CancellationToken ct) =>
        await membership.GetAsync(email, ct) switch
        {
            NewsletterStatus.Subscribed => AccountNewsletterStatus.Subscribed,
            NewsletterStatus.AwaitingConfirmation => AccountNewsletterStatus.AwaitingConfirmation,
            _ => AccountNewsletterStatus.NotSubscribed,
        };

    public Task JoinConfirmedAsync(string email, string? firstName, CancellationToken ct) => membership.JoinConfirmedAsync(email, firstName, ct);

    public Task LeaveAsync(string email, CancellationToken ct) => membership.LeaveAsync(email, ct);
}
