using System.Collections.Concurrent;
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
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, int> received = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task accepting;
    private readonly int hangUps;
    private readonly int hangUpEvery;
    private readonly bool silentOnQuit;
    private int total;
    private int hungUp;

    /// <param name="port">0 for any free port; a given one to play a relay that comes back where the store expects it.</param>
    /// <param name="hangUps">
    /// How many times to hang up after taking a message in, before answering it: the sender cannot know whether that
    /// message went out, which is the in-flight case where one copy too many is allowed.
    /// </param>
    /// <param name="hangUpEvery">Hang up on every this-many-th message until <paramref name="hangUps"/> are spent.</param>
    /// <param name="silentOnQuit">Never answer QUIT, like a relay that stalls when the sender says goodbye.</param>
    public SmtpSink(int port = 0, int hangUps = 0, int hangUpEvery = 5, bool silentOnQuit = false)
    {
        this.hangUps = hangUps;
        this.hangUpEvery = hangUpEvery;
        this.silentOnQuit = silentOnQuit;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Messages accepted, counting one per recipient.</summary>
    public int Total => Volatile.Read(ref total);

    public IReadOnlyDictionary<string, int> ByRecipient => received;

    /// <summary>Messages taken in whose answer the sender never got.</summary>
    public int HungUp => Volatile.Read(ref hungUp);

    private bool TakeHangUp()
    {
        while (true)
        {
            var done = Volatile.Read(ref hungUp);
            if (done >= hangUps) return false;
            if (Interlocked.CompareExchange(ref hungUp, done + 1, done) == done) return true;
        }
    }

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
                    var count = 0;
                    foreach (var to in recipients)
                    {
                        received.AddOrUpdate(to, 1, (_, n) => n + 1);
                        count = Interlocked.Increment(ref total);
                    }
                    recipients.Clear();
                    if (count % hangUpEvery == 0 && TakeHangUp())
                        return;
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
                    case "QUIT":
                        if (silentOnQuit) await Task.Delay(Timeout.Infinite, stop.Token);
                        await SayAsync("221 bye");
                        return;
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
