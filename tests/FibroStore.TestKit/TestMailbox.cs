using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace FibroStore.TestKit;

public sealed record CapturedMail(string To, string From, string Subject, string? HtmlBody, string? TextBody,
    IReadOnlyDictionary<string, string> Headers, MimeMessage Raw);

/// <summary>
/// A real SMTP server on loopback inside the test process: the store sends to it over the wire with MailKit,
/// exactly as it would to a relay, and tests read what arrived.
/// </summary>
public sealed class TestMailbox : IAsyncDisposable
{
    private readonly ConcurrentQueue<CapturedMail> received = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private readonly SemaphoreSlim arrived = new(0);

    public TestMailbox()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("fibrostore-test-mailbox")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new CapturingStore(this));
        provider.Add(new FaultingFilter(this));
        running = new SmtpServer.SmtpServer(options, provider).StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>
    /// Fault injection for tests of senders: called with each RCPT TO address; a response (for example a 550 or a
    /// 451) refuses that recipient with it. Null, the default, accepts everyone.
    /// </summary>
    public Func<string, SmtpResponse?>? RecipientFault { get; set; }

    public IReadOnlyList<CapturedMail> Messages => received.ToArray();

    public IReadOnlyList<CapturedMail> To(string address) =>
        received.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until a message matching <paramref name="match"/> arrives (default 30 s: the suite shares two cores), or fails the test.</summary>
    public async Task<CapturedMail> WaitForAsync(Func<CapturedMail, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = received.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"No matching email arrived. Received: {string.Join("; ", received.Select(m => $"{m.To}: {m.Subject}"))}");
            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public Task<CapturedMail> WaitForAsync(string to, TimeSpan? timeout = null) =>
        WaitForAsync(m => string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase), timeout);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
        stop.Dispose();
        arrived.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class FaultingFilter(TestMailbox mailbox) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from,
            CancellationToken cancellationToken)
        {
            if (mailbox.RecipientFault?.Invoke($"{to.User}@{to.Host}") is { } refusal)
                throw new SmtpResponseException(refusal);
            return Task.FromResult(true);
        }
    }

    private sealed class CapturingStore(TestMailbox mailbox) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in message.Headers)
                headers[header.Field] = header.Value;
            foreach (var recipient in transaction.To)
            {
                mailbox.received.Enqueue(new CapturedMail($"{recipient.User}@{recipient.Host}",
                    message.From.Mailboxes.FirstOrDefault()?.Address ?? "", message.Subject ?? "",
                    message.HtmlBody, message.TextBody, headers, message));
            }
            mailbox.arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
