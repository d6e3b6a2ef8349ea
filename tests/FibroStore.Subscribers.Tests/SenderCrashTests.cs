using System.Diagnostics;
using FibroStore.TestKit;
using Xunit.Abstractions;

namespace FibroStore.Subscribers.Tests;

/// <summary>
/// The sender runs in separate OS processes (the store's own executable). One is killed with SIGKILL in the middle of
/// a campaign and a fresh one picks the work up after the lease. The test process holds the database and the SMTP
/// server, and does not send itself. Also the benchmark of issue 6 (100,000 recipients), run only on request.
/// </summary>
[Trait("Run", "Alone")]
public sealed class SenderCrashTests(ITestOutputHelper output)
{
    private const int Recipients = 5000;
    private const int Connections = 4;

    internal static Process StartSender(StoreFactory store, int smtpPort, int messagesPerSecond)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "FibroStore.Web.dll")])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{StoreFactory.FreePort()}";
        start.Environment["ConnectionStrings__Store"] = store.Database.ConnectionString;
        // Another store process on this machine may hold the default scrape port; this one needs no metrics.
        start.Environment["OpenTelemetry__PrometheusListen"] = "";
        start.Environment["Database__MigrateOnStart"] = "false";
        start.Environment["Smtp__Host"] = "127.0.0.1";
        start.Environment["Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Smtp__Security"] = "None";
        start.Environment["Subscribers__Sending__Connections"] = Connections.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Subscribers__Sending__BatchSize"] = "100";
        start.Environment["Subscribers__Sending__MessagesPerSecond"] = messagesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Subscribers__Sending__PollMilliseconds"] = "200";
        start.Environment["Subscribers__Sending__LeaseSeconds"] = "5";
        // What Production will not start without (Stripe keys, a key-ring certificate…); this process only sends email.
        foreach (var (key, value) in StoreFactory.ProductionSettings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        // Drain its logs so a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [Fact]
    public async Task Killing_the_sender_mid_campaign_and_starting_it_again_serves_everyone_once_except_in_flight()
    {
        var store = new SubscribersStore();
        store.With("Subscribers:Sending:Enabled", "false");
        await ((IAsyncLifetime)store).InitializeAsync();
        await using var sink = new SmtpSink();
        Process? sender = null;
        try
        {
            var recipients = await store.SeedConfirmedAsync(Recipients);
            var articleId = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(articleId);
            await store.DrainOutboxAsync();

            sender = StartSender(store, sink.Port, messagesPerSecond: 500);
            await WaitUntilAsync(() => sink.Total >= Recipients / 4 || sender.HasExited, TimeSpan.FromSeconds(180));
            Assert.False(sender.HasExited, "The sender process stopped by itself before it was killed.");
            sender.Kill(); // SIGKILL: no shutdown code runs, claims stay taken until their lease ends.
            await sender.WaitForExitAsync();
            var beforeRestart = sink.Total;
            output.WriteLine($"killed after {beforeRestart} messages");
            Assert.True(beforeRestart < Recipients, "The campaign finished before the kill; nothing was tested.");

            sender = StartSender(store, sink.Port, messagesPerSecond: 500);
            var counts = await store.WaitForCampaignAsync(articleId, TimeSpan.FromSeconds(120));

            var received = sink.ByRecipient;
            var twice = received.Where(r => r.Value > 1).ToList();
            output.WriteLine($"total {sink.Total}, sent twice {twice.Count}");
            Assert.Equal(Recipients, counts[DeliveryStatus.Sent]);
            Assert.All(recipients, r => Assert.True(received.ContainsKey(r), $"{r} got nothing"));
            Assert.All(twice, r => Assert.Equal(2, r.Value));
            // Only messages in flight at the kill (one per connection) may have gone out twice.
            Assert.True(twice.Count <= Connections, $"{twice.Count} recipients got the email twice");
        }
        finally
        {
            if (sender is { HasExited: false })
            {
                sender.Kill();
                await sender.WaitForExitAsync();
            }
            sender?.Dispose();
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [BenchmarkFact]
    public async Task Benchmark_one_campaign_to_100000_subscribers()
    {
        const int count = 100_000;
        var store = new SubscribersStore();
        store.With("Subscribers:Sending:Enabled", "false");
        await ((IAsyncLifetime)store).InitializeAsync();
        await using var sink = new SmtpSink();
        Process? sender = null;
        try
        {
            await store.SeedConfirmedAsync(count);
            var articleId = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(articleId);
            await store.DrainOutboxAsync();

            sender = StartSender(store, sink.Port, messagesPerSecond: 0);
            await WaitUntilAsync(() => sink.Total > 0, TimeSpan.FromSeconds(60));
            var clock = Stopwatch.StartNew();
            long peakBytes = 0;
            while (sink.Total < count)
            {
                sender.Refresh();
                peakBytes = Math.Max(peakBytes, sender.WorkingSet64);
                if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"Only {sink.Total} sent in 10 minutes.");
                await Task.Delay(100);
            }
            var rate = count / clock.Elapsed.TotalSeconds;
            output.WriteLine($"{count} messages in {clock.Elapsed.TotalSeconds:F1} s: {rate:F0} messages/s; sender peak working set {peakBytes / (1024 * 1024)} MB");
            Assert.True(rate >= 300, $"{rate:F0} messages/s is below the 300/s target");
        }
        finally
        {
            if (sender is { HasExited: false })
            {
                sender.Kill();
                await sender.WaitForExitAsync();
            }
            sender?.Dispose();
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The sender process did not get as far as expected in time.");
            await Task.Delay(20);
        }
    }
}
