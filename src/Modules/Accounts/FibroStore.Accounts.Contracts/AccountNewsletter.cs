namespace FibroStore.Accounts.Contracts;

public enum AccountNewsletterStatus
{
    NotSubscribed,
    /// <summary>Joined through a form and has not yet confirmed from the email.</summary>
    AwaitingConfirmation,
    Subscribed,
}

/// <summary>
/// What the account's newsletter page asks of the list. Declared here, where it is asked, and answered by Subscribers,
/// so Accounts needs nothing of Subscribers (which hears of articles from Editorial, which hears of deleted accounts
/// from Accounts: a call the other way would close that circle).
/// </summary>
public interface IAccountNewsletter
{
    Task<AccountNewsletterStatus> GetAsync(string email, CancellationToken ct);

    /// <summary>Puts the account's confirmed email on the list as confirmed, without a confirmation email.</summary>
    Task JoinConfirmedAsync(string email, string? firstName, CancellationToken ct);

    /// <summary>Takes the address off the list, as the unsubscribe link does.</summary>
    Task LeaveAsync(string email, CancellationToken ct);
}
