using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace FibroStore.SharedKernel.Email;

internal sealed class MailKitEmailSession(MailKitEmailSender sender, SmtpOptions smtp) : IEmailSession
{
    private readonly SmtpClient client = new() { Timeout = smtp.TimeoutSeconds * 1000 };

    public async Task<string> SendAsync(EmailMessage message, CancellationToken ct)
    {
        var mime = await sender.BuildAsync(message, ct);
        try
        {
            if (!client.IsConnected)
                await MailKitEmailSender.ConnectAsync(client, smtp, ct);
            return await client.SendAsync(mime, ct);
        }
        catch (SmtpCommandException ex)
        {
            // After a refusal the server's transaction state is uncertain; a fresh connection for the next message is cheap and safe.
            await DropConnectionAsync();
            var code = (int)ex.StatusCode;
            var permanent = code >= 500 && ex.ErrorCode != SmtpErrorCode.SenderNotAccepted;
            throw new EmailDeliveryException($"{code} {ex.Message}", permanent,
                recipientRefused: permanent && ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted, ex);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or IOException
                                       or SocketException or AuthenticationException or TimeoutException)
        {
            await DropConnectionAsync();
            throw new EmailDeliveryException($"connection: {ex.Message}", permanent: false, recipientRefused: false, ex);
        }
    }

    private async Task DropConnectionAsync()
    {
        if (!client.IsConnected) return;
        try
        {
            await client.DisconnectAsync(quit: false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException)
        {
            // Already gone: nothing to close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or SmtpCommandException)
            {
                // A server that hung up first needs no goodbye.
            }
        }
        client.Dispose();
    }
}
