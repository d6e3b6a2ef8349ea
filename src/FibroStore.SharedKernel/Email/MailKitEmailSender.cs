using MailKit.Net.Smtp;
using FibroStore.SharedKernel.Web;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace FibroStore.SharedKernel.Email;

/// <summary>The one way the store sends email: MailKit over real SMTP, whatever the environment.</summary>
internal sealed class MailKitEmailSender(IOptionsMonitor<SmtpOptions> options, IMailSenderIdentity identity, StoreAddress address)
    : IEmailSender, IBulkEmailSender
{
    public IEmailSession OpenSession() => new MailKitEmailSession(this, options.CurrentValue);

    public async Task<string> SendAsync(EmailMessage message, CancellationToken ct)
    {
        var smtp = options.CurrentValue;
        var mime = await BuildAsync(message, ct);
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        await ConnectAsync(client, smtp, ct);
        var answer = await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
        return answer;
    }

    internal async Task<MimeMessage> BuildAsync(EmailMessage message, CancellationToken ct)
    {
        var (fromName, fromAddress) = await identity.GetFromAsync(ct);
        // MimeKit would name the machine's host; the store's own domain is what receivers expect and what spam filters check.
        var mime = new MimeMessage { MessageId = MimeUtils.GenerateMessageId(address.Host) };
        mime.From.Add(new MailboxAddress(fromName, fromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.To));
        if (message.ReplyTo is not null)
            mime.ReplyTo.Add(MailboxAddress.Parse(message.ReplyTo));
        mime.Subject = message.Subject;
        foreach (var (name, value) in message.Headers)
            mime.Headers.Add(name, value);
        mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = message.TextBody }.ToMessageBody();
        return mime;
    }

    internal static async Task ConnectAsync(SmtpClient client, SmtpOptions smtp, CancellationToken ct)
    {
        if (!smtp.IsConfigured)
            throw new InvalidOperationException("No SMTP server is configured (set Smtp__Host).");
        await client.ConnectAsync(smtp.Host, smtp.Port, ToMailKit(smtp.Security), ct);
        if (!string.IsNullOrEmpty(smtp.Username))
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

/// <summary>Used until a module supplies the sender from site settings.</summary>
internal sealed class ConfiguredSenderIdentity(IOptions<MailFromOptions> options) : IMailSenderIdentity
{
    public ValueTask<(string Name, string Address)> GetFromAsync(CancellationToken ct) =>
        ValueTask.FromResult((options.Value.Name, options.Value.Address));
}

public sealed class MailFromOptions
{
    public string Name { get; set; } = "FibroStore";
    public string Address { get; set; } = "hello@fibrostore.local";
}
