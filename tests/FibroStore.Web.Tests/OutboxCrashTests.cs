using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace FibroStore.Web.Tests;

/// <summary>
/// The outbox runs in separate OS processes (the store's own executable). One is killed with SIGKILL while the relay holds
/// its answer to a message, so that message has gone out but is not marked; a fresh process then finishes the work.
/// The test process only holds the database and the relay. The outbox publishes different recipients' emails side by
/// side, so up to <see cref="Lanes"/> messages are in flight at the kill: those, and only those, may go out twice.
/// </summary>
[Trait("Run", "Alone")]
public sealed class OutboxCrashTests(ITestOutputHelper output)
{
    private const int Messages = 30;
    private const int KilledAt = 6;
    private const int Lanes = 4;

    private static Process StartStore(StoreFactory store, int smtpPort)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "FibroStore.Web.dll")])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{StoreFactory.FreePort()}";
        start.Environment["ConnectionStrings__Store"] = store.Database.ConnectionString;
        // Another store process on this machine may hold the default scrape port; this one needs no metrics.
        start.Environment["OpenTelemetry__PrometheusListen"] = "";
        start.Environment["Database__MigrateOnStart"] = "false";
        start.Environment["Seed__DemoContent"] = "false";
        start.Environment["Smtp__Host"] = "127.0.0.1";
        start.Environment["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Smtp__Security"] = "None";
        start.Environment["Subscribers__Sending__Enabled"] = "false";
        start.Environment["Outbox__PollMilliseconds"] = "100";
        // One claim takes every message: before leases, the whole batch was one transaction and went out again after a crash.
        start.Environment["Outbox__BatchSize"] = "50";
        start.Environment["Outbox__LeaseSeconds"] = "5";
        start.Environment["Outbox__Parallelism"] = Lanes.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [Fact]
    public async Task Killing_the_store_after_messages_were_sent_and_before_they_were_marked_repeats_only_the_messages_in_flight()
    {
        // This process holds the database but publishes nothing: its processors claim no messages.
        var store = new StoreFactory().With("Outbox:BatchSize", "0").With("Outbox:PollMilliseconds", "600000");
        await ((IAsyncLifetime)store).InitializeAsync();
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var relay = new ScriptedSmtp(beforeAnswer: async (to, number, ct) =>
        {
            if (number != KilledAt) return;
            held.TrySetResult(to);
            await Task.Delay(Timeout.Infinite, ct);
        });
        Process? process = null;
        try
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            var recipients = Enumerable.Range(0, Messages).Select(i => $"crash-{tag}-{i}@example.org").ToList();
            var ids = new List<Guid>();
            for (var i = 0; i < Messages; i++)
                ids.Add(await OutboxRows.InsertEmailAsync(store, recipients[i], order: i));

            process = StartStore(store, relay.Port);
            var inFlight = await held.Task.WaitAsync(TimeSpan.FromSeconds(120));
            process.Kill(); // SIGKILL: no shutdown code runs; the message the relay holds went out and is not marked.
            await process.WaitForExitAsync();
            // In flight at the kill: taken in by the relay (or held by it) and not marked done.
            var inFlightAtKill = new List<string>();
            for (var i = 0; i < Messages; i++)
                if (relay.ByRecipient.ContainsKey(recipients[i]) && (await OutboxRows.ReadAsync(store, ids[i])).Processed is null)
                    inFlightAtKill.Add(recipients[i]);
            output.WriteLine($"killed with {relay.Total} messages taken in; in flight: {string.Join(", ", inFlightAtKill)}");
            Assert.Contains(inFlight, inFlightAtKill);
            Assert.InRange(inFlightAtKill.Count, 1, Lanes);

            process = StartStore(store, relay.Port);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (recipients.Any(r => !relay.ByRecipient.ContainsKey(r)))
            {
                Assert.False(process.HasExited, "The second store process stopped by itself.");
                Assert.True(DateTime.UtcNow < deadline, $"Only {relay.ByRecipient.Count} of {Messages} recipients got their email within 120 s.");
                await Task.Delay(100);
            }
            var deadlineMarked = DateTime.UtcNow.AddSeconds(30);
            foreach (var id in ids)
            {
                while ((await OutboxRows.ReadAsync(store, id)).Processed is null)
                {
                    Assert.True(DateTime.UtcNow < deadlineMarked, $"Message {id} was not marked done.");
                    await Task.Delay(100);
                }
            }

            var twice = relay.ByRecipient.Where(r => r.Value > 1).ToList();
            output.WriteLine($"total {relay.Total}; more than once: {string.Join(", ", twice.Select(t => $"{t.Key} x{t.Value}"))}");
            Assert.All(recipients, r => Assert.True(relay.ByRecipient.ContainsKey(r), $"{r} got nothing"));
            // Only the messages in flight at the kill may have gone twice, and only twice.
            Assert.All(twice, t => Assert.True(inFlightAtKill.Contains(t.Key) && t.Value == 2,
                $"{t.Key} went out {t.Value} times and was not in flight at the kill"));
        }
        finally
        {
            if (process is { HasExited: false })
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process?.Dispose();
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }
}
