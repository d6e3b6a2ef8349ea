using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FibroStore.Subscribers.Tests;

/// <summary>
/// A minimal SMTP server on loopback that accepts everything and only counts messages per recipient. The TestKit
/// mailbox parses and keeps every message and answers in about 50 ms per message, which is right for reading emails
/// but too slow for campaigns of thousands; this one answers at once (no Nagle delay) so the sender is what is measured.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, int> received = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task accepting;
    private int total;

    public SmtpSink()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Messages accepted, counting one per recipient.</summary>
    public int Total => Volatile.Read(ref total);

    public IReadOnlyDictionary<string, int> ByRecipient => received;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await listener.AcceptSocketAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task SayAsync(string reply) => await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), stop.Token);
        var recipients = new List<string>();
        var inData = false;
        try
        {
            await SayAsync("220 sink ready");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (inData)
                {
                    if (line != ".") continue;
                    inData = false;
                    foreach (var to in recipients)
                    {
                        received.AddOrUpdate(to, 1, (_, n) => n + 1);
                        Interlocked.Increment(ref total);
                    }
                    recipients.Clear();
                    await SayAsync("250 2.0.0 queued");
                    continue;
                }
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await SayAsync("250-sink\r\n250 PIPELINING"); break;
                    case "RCPT": recipients.Add(line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)]); await SayAsync("250 ok"); break;
                    case "DATA": inData = true; await SayAsync("354 end with ."); break;
                    case "RSET": recipients.Clear(); await SayAsync("250 ok"); break;
                    case "QUIT": await SayAsync("221 bye"); return;
                    default: await SayAsync("250 ok"); break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The sender hung up or was killed: nothing to answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try { await accepting; } catch (OperationCanceledException) { }
        stop.Dispose();
    }
}
