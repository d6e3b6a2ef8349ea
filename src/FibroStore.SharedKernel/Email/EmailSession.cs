namespace FibroStore.SharedKernel.Email;

/// <summary>
/// One SMTP connection kept open for many messages, for senders of large batches (newsletter campaigns) where a
/// connection per message would cost more than the message. Not thread-safe: one session per worker.
/// </summary>
public interface IEmailSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one message and returns the server's answer. Connects (again) when needed. A refusal or a lost
    /// connection is thrown as <see cref="EmailDeliveryException"/>; the session stays usable for the next message.
    /// </summary>
    Task<string> SendAsync(EmailMessage message, CancellationToken ct);
}

public interface IBulkEmailSender
{
    IEmailSession OpenSession();
}

/// <summary>Why the server did not take a message, in the terms a sender needs to decide whether to try again.</summary>
public sealed class EmailDeliveryException(string answer, bool permanent, bool recipientRefused, Exception inner)
    : Exception(answer, inner)
{
    /// <summary>The SMTP answer (code and text), or what went wrong with the connection.</summary>
    public string Answer => Message;

    /// <summary>A 5xx answer: sending the same message again will not help.</summary>
    public bool IsPermanent => permanent;

    /// <summary>The server refused this recipient's address (a hard bounce).</summary>
    public bool IsRecipientRefused => recipientRefused;
}
