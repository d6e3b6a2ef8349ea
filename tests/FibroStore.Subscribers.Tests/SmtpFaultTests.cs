using System.Globalization;
using FibroStore.TestKit;

namespace FibroStore.Subscribers.Tests;

/// <summary>Campaigns sent through a relay that is down, or that hangs up in the middle of a batch.</summary>
public sealed class SmtpFaultTests
{
    private static async Task<SubscribersStore> StartStoreAsync(int smtpPort)
    {
        var store = new SubscribersStore();
        store.With("Smtp:Port", smtpPort.ToString(CultureInfo.InvariantCulture));
        await ((IAsyncLifetime)store).InitializeAsync();
        return store;
    }

    private static Task<List<Delivery>> DeliveriesAsync(SubscribersStore store, Guid articleId) =>
        store.InDbAsync(db => db.Deliveries.AsNoTracking()
            .Where(d => db.Campaigns.Any(c => c.Id == d.CampaignId && c.ArticleId == articleId)).ToListAsync());

    [Fact]
    public async Task While_the_relay_is_down_deliveries_wait_with_the_reason_and_go_out_once_when_it_is_back()
    {
        var port = StoreFactory.FreePort();
        var store = await StartStoreAsync(port);
        try
        {
            var recipients = await store.SeedConfirmedAsync(20);
            var articleId = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(articleId);

            // Nothing listens on the relay's port: every delivery is tried more than once and stays pending with the reason.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            List<Delivery> waiting;
            do
            {
                await store.DrainOutboxAsync();
                await Task.Delay(200);
                waiting = await DeliveriesAsync(store, articleId);
            } while ((waiting.Count < recipients.Count || waiting.Any(d => d.Attempts < 2)) && DateTime.UtcNow < deadline);
            Assert.Equal(recipients.Count, waiting.Count);
            Assert.All(waiting, d =>
            {
                Assert.Equal(DeliveryStatus.Pending, d.Status);
                Assert.True(d.Attempts >= 2, $"attempts {d.Attempts}");
                Assert.StartsWith("connection:", d.LastAnswer, StringComparison.Ordinal);
            });

            await using var relay = new SmtpSink(port);
            var counts = await store.WaitForCampaignAsync(articleId);

            Assert.Equal(recipients.Count, counts[DeliveryStatus.Sent]);
            Assert.Single(counts);
            Assert.Equal(recipients.Order(), relay.ByRecipient.Keys.Order());
            Assert.All(relay.ByRecipient.Values, copies => Assert.Equal(1, copies));
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_relay_that_hangs_up_mid_batch_loses_nobody_and_repeats_only_the_messages_it_left_unanswered()
    {
        await using var relay = new SmtpSink(hangUps: 3, hangUpEvery: 7);
        var store = await StartStoreAsync(relay.Port);
        try
        {
            var recipients = await store.SeedConfirmedAsync(40);
            var articleId = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(articleId);
            var counts = await store.WaitForCampaignAsync(articleId);

            Assert.Equal(3, relay.HungUp);
            Assert.Equal(recipients.Count, counts[DeliveryStatus.Sent]);
            Assert.Single(counts);
            Assert.Equal(recipients.Order(), relay.ByRecipient.Keys.Order());
            // A message whose answer never came may arrive twice (the in-flight rule); nothing else may.
            var extraCopies = relay.ByRecipient.Values.Sum(copies => copies - 1);
            Assert.InRange(extraCopies, 0, relay.HungUp);
            var retried = (await DeliveriesAsync(store, articleId)).Count(d => d.Attempts > 1);
            Assert.Equal(relay.HungUp, retried);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }
}
