namespace FibroStore.SharedKernel.Email;

/// <summary>One email: always both an HTML and a plain-text body, optional extra headers (List-Unsubscribe…).</summary>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody)
{
    public string? ToName { get; init; }
    public string? ReplyTo { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

public interface IEmailSender
{
    /// <summary>Sends over SMTP and returns the server's final answer to the message.</summary>
    Task<string> SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>Who the store's email comes from; the site settings decide, so staff can change it without a restart.</summary>
public interface IMailSenderIdentity
{
    ValueTask<(string Name, string Address)> GetFromAsync(CancellationToken ct);
}
