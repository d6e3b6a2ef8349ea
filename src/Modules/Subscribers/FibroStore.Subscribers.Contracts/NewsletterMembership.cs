namespace FibroStore.Subscribers.Contracts;

public enum NewsletterStatus
{
    NotSubscribed,
    /// <summary>Joined through a form and has not yet confirmed from the email.</summary>
    AwaitingConfirmation,
    Subscribed,
}

/// <summary>Joining and leaving the list from a signed-in account, whose confirmed email already proves the address.</summary>
public interface INewsletterMembership
{
    Task<NewsletterStatus> GetAsync(string email, CancellationToken ct);

    /// <summary>
    /// Puts the address on the list as confirmed, without a confirmation email. Only for an address the caller has
    /// already proven belongs to the person asking (an account's confirmed email).
    /// </summary>
    Task JoinConfirmedAsync(string email, string? firstName, CancellationToken ct);

    /// <summary>
    /// Asks the address to confirm by email (double opt-in) before anything is sent to it: for an address nobody has
    /// proven yet, such as one typed at checkout. An address already on the list is left as it is.
    /// </summary>
    Task InviteAsync(string email, string? firstName, string source, CancellationToken ct);

    /// <summary>Takes the address off the list, as the unsubscribe link does. An address not on the list is left alone.</summary>
    Task LeaveAsync(string email, CancellationToken ct);
}
