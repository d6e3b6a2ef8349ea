using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace FibroStore.Web.Tests;

/// <summary>
/// A small SMTP server on loopback whose answers a test scripts: it can hold its answer to a message (the sender cannot
/// know whether it went out), or say nothing at all. It counts the messages taken in per recipient, and how many
/// deliveries to one recipient were ever in progress at the same moment.
/// </summary>
public sealed class ScriptedSmtp : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private readonly ConcurrentDictionary<string, int> received = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> inProgress = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, int, CancellationToken, Task>? beforeAnswer;
    private readonly bool silent;
    private int total;
    private int mostAtOnce;

    /// <param name="beforeAnswer">
    /// Awaited after a message is taken in and before it is answered, with its recipient and its number in arrival order (1, 2…).
    /// </param>
    /// <param name="silent">Accepts connections and never says a word, like a relay that hangs.</param>
    public ScriptedSmtp(Func<string, int, CancellationToken, Task>? beforeAnswer = null, bool silent = false)
    {
        this.beforeAnswer = beforeAnswer;
        this.silent = silent;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Total => Volatile.Read(ref total);

    public IReadOnlyDictionary<string, int> ByRecipient => received;

    /// <summary>The most deliveries to one recipient that were in progress at the same moment.</summary>
    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

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
            if (silent)
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
                return;
            }
            await SayAsync("220 scripted ready");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (inData)
                {
                    if (line != ".") continue;
                    inData = false;
                    foreach (var to in recipients)
                        await TakeAsync(to);
                    recipients.Clear();
                    await SayAsync("250 2.0.0 queued");
                    continue;
                }
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await SayAsync("250-scripted\r\n250 PIPELINING"); break;
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
            // The sender hung up, gave up or was killed: nothing to answer.
        }
    }

    private async Task TakeAsync(string to)
    {
        var number = Interlocked.Increment(ref total);
        received.AddOrUpdate(to, 1, (_, n) => n + 1);
        var now = inProgress.AddOrUpdate(to, 1, (_, n) => n + 1);
        InterlockedMax(ref mostAtOnce, now);
        try
        {
            if (beforeAnswer is not null)
                await beforeAnswer(to, number, stop.Token);
        }
        finally
        {
            inProgress.AddOrUpdate(to, 0, (_, n) => n - 1);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
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
