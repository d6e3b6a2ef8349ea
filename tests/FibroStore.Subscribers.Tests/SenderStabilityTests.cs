using System.Globalization;

namespace FibroStore.Subscribers.Tests;

/// <summary>The campaign sender's own trouble never ends it, nor the store.</summary>
public sealed class SenderStabilityTests
{
    [Fact]
    public async Task A_relay_that_stalls_on_goodbye_is_logged_and_the_sender_keeps_sending_later_campaigns()
    {
        await using var relay = new SmtpSink(silentOnQuit: true);
        var store = new SubscribersStore();
        store.With("Smtp:Port", relay.Port.ToString(CultureInfo.InvariantCulture)).With("Smtp:TimeoutSeconds", "1");
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            await store.SeedConfirmedAsync(3);
            var first = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(first);
            Assert.Equal(3, (await store.WaitForCampaignAsync(first))[DeliveryStatus.Sent]);

            // Idle now, the sender closes its connections; the relay never answers QUIT.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!store.Logs.Lines.Any(l => l.Contains("could not close an SMTP connection", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, "The stalled goodbye was not logged within 60 s.");
                await Task.Delay(100);
            }

            var second = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(second);
            Assert.Equal(3, (await store.WaitForCampaignAsync(second))[DeliveryStatus.Sent]);
            using var client = store.CreateClient();
            Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }
}
