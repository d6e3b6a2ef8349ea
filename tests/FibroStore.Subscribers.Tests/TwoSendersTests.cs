using Xunit.Abstractions;

namespace FibroStore.Subscribers.Tests;

public sealed class TwoSendersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_instances_sending_one_campaign_send_each_message_exactly_once()
    {
        var first = new SubscribersStore();
        first.With("Subscribers:Sending:BatchSize", "10");
        await ((IAsyncLifetime)first).InitializeAsync();
        var second = new SubscribersStore();
        second.With("Subscribers:Sending:BatchSize", "10").SharingDatabaseWith(first);
        await ((IAsyncLifetime)second).InitializeAsync();
        try
        {
            var recipients = await first.SeedConfirmedAsync(300);
            var articleId = Guid.NewGuid();

            await first.RaiseArticlePublishedAsync(articleId);
            var counts = await first.WaitForCampaignAsync(articleId);

            var received = first.Mailbox.Messages.Concat(second.Mailbox.Messages).ToList();
            output.WriteLine($"first sent {first.Mailbox.Messages.Count}, second sent {second.Mailbox.Messages.Count}");
            Assert.Equal(recipients.Count, counts[DeliveryStatus.Sent]);
            Assert.Equal(recipients.Count, received.Count);
            Assert.Equal(recipients.Order(), received.Select(m => m.To).Order());
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }
}
