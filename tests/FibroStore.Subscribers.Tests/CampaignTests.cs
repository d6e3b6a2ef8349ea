using SmtpServer.Protocol;

namespace FibroStore.Subscribers.Tests;

public sealed class CampaignTests(SubscribersStore store) : IClassFixture<SubscribersStore>
{
    [Fact]
    public async Task Publishing_sends_exactly_one_email_to_each_confirmed_subscriber()
    {
        var recipients = await store.SeedConfirmedAsync(25);
        var pending = SubscribersStore.NewAddress("pending");
        await store.InDbAsync(async db =>
        {
            db.Subscribers.Add(new Subscriber
            {
                Id = Guid.NewGuid(), Email = pending, NormalizedEmail = pending, Status = SubscriberStatus.Pending,
                Preference = SendPreference.EachArticle, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var articleId = Guid.NewGuid();

        await store.RaiseArticlePublishedAsync(articleId);
        var counts = await store.WaitForCampaignAsync(articleId);

        Assert.True(counts[DeliveryStatus.Sent] >= recipients.Count);
        foreach (var address in recipients)
        {
            var mail = Assert.Single(store.Mailbox.To(address), m => m.Subject == "Pacing on a bad day");
            Assert.Contains("Read on the site", mail.HtmlBody, StringComparison.Ordinal);
            Assert.Contains($"/articles/article-{articleId:N}", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("/subscribe/unsubscribe/", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("/subscribe/preferences/", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("1 Example Lane", mail.TextBody, StringComparison.Ordinal);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        }
        Assert.DoesNotContain(store.Mailbox.To(pending), m => m.Subject == "Pacing on a bad day");
    }

    [Fact]
    public async Task A_reader_who_subscribes_and_confirms_gets_the_next_article_once_and_its_unsubscribe_link_works()
    {
        var email = SubscribersStore.NewAddress();
        using var reader = store.CreateBrowserClient();
        await reader.PostFormAsync("/subscribe", new Dictionary<string, string> { ["Email"] = email });
        var confirmation = await store.Mailbox.WaitForAsync(email);
        var confirm = new Uri(System.Text.RegularExpressions.Regex.Match(confirmation.TextBody!, @"http\S+/subscribe/confirm/\S+").Value).PathAndQuery;
        await reader.PostFormAsync(confirm, new Dictionary<string, string>());

        var first = Guid.NewGuid();
        await store.RaiseArticlePublishedAsync(first);
        await store.WaitForCampaignAsync(first);
        var article = Assert.Single(store.Mailbox.To(email), m => m.Subject == "Pacing on a bad day");

        var unsubscribe = new Uri(article.Headers["List-Unsubscribe"].Trim('<', '>')).PathAndQuery;
        using var provider = store.CreateClient();
        var answer = await provider.PostAsync(unsubscribe, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);

        var second = Guid.NewGuid();
        await store.RaiseArticlePublishedAsync(second);
        await store.WaitForCampaignAsync(second);
        Assert.Single(store.Mailbox.To(email), m => m.Subject == "Pacing on a bad day");
    }

    [Fact]
    public async Task The_same_article_published_again_sends_nothing_new()
    {
        var recipients = await store.SeedConfirmedAsync(10);
        var articleId = Guid.NewGuid();
        await store.RaiseArticlePublishedAsync(articleId);
        await store.WaitForCampaignAsync(articleId);

        // The outbox delivers at least once, and a duplicate event may come from another instance.
        await store.RaiseArticlePublishedAsync(articleId);
        await store.RaiseArticlePublishedAsync(articleId);
        await store.DrainOutboxAsync();
        await Task.Delay(500);

        Assert.Equal(1, await store.InDbAsync(db => db.Campaigns.CountAsync(c => c.ArticleId == articleId)));
        Assert.All(recipients, address => Assert.Single(store.Mailbox.To(address)));
    }

    [Fact]
    public async Task Imported_articles_and_articles_not_meant_for_subscribers_send_nothing()
    {
        await store.SeedConfirmedAsync(3);
        var imported = Guid.NewGuid();
        var quiet = Guid.NewGuid();

        await store.RaiseArticlePublishedAsync(imported, imported: true);
        await store.RaiseArticlePublishedAsync(quiet, sendToSubscribers: false);
        await store.DrainOutboxAsync();

        Assert.False(await store.InDbAsync(db => db.Campaigns.AnyAsync(c => c.ArticleId == imported || c.ArticleId == quiet)));
    }

    [Fact]
    public async Task A_subscriber_who_joins_after_the_campaign_started_gets_nothing_from_it()
    {
        await store.SeedConfirmedAsync(5);
        var articleId = Guid.NewGuid();
        await store.RaiseArticlePublishedAsync(articleId);
        await store.WaitForCampaignAsync(articleId);

        var late = await store.SeedConfirmedAsync(1);
        await Task.Delay(500);

        Assert.Empty(store.Mailbox.To(late[0]));
        var campaign = await store.InDbAsync(db => db.Campaigns.SingleAsync(c => c.ArticleId == articleId));
        Assert.Equal(await store.InDbAsync(db => db.Deliveries.CountAsync(d => d.CampaignId == campaign.Id)), campaign.RecipientCount);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_and_bounces_that_recipient_and_the_rest_are_sent()
    {
        var recipients = await store.SeedConfirmedAsync(12);
        var refused = recipients[4];
        store.Mailbox.RecipientFault = to => to == refused ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 no such mailbox") : null;
        try
        {
            var articleId = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(articleId);
            var counts = await store.WaitForCampaignAsync(articleId);

            Assert.Equal(1, counts[DeliveryStatus.Failed]);
            var failed = await store.InDbAsync(db => db.Deliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Failed && db.Subscribers.Any(s => s.Id == d.SubscriberId && s.NormalizedEmail == refused))
                .SingleAsync());
            Assert.Equal(1, failed.Attempts);
            Assert.Contains("550", failed.LastAnswer, StringComparison.Ordinal);
            Assert.Equal(SubscriberStatus.Bounced, (await store.FindAsync(refused))!.Status);
            Assert.All(recipients.Where(r => r != refused), address => Assert.Single(store.Mailbox.To(address)));
        }
        finally
        {
            store.Mailbox.RecipientFault = null;
        }
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_and_then_sent_once()
    {
        var recipients = await store.SeedConfirmedAsync(6);
        var busy = recipients[2];
        var refusals = 0;
        store.Mailbox.RecipientFault = to => to == busy && Interlocked.Increment(ref refusals) <= 2
            ? new SmtpResponse((SmtpReplyCode)450, "4.2.1 try again later")
            : null;
        try
        {
            var articleId = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(articleId);
            var counts = await store.WaitForCampaignAsync(articleId);

            Assert.False(counts.ContainsKey(DeliveryStatus.Failed));
            var delivery = await store.InDbAsync(db => db.Deliveries.AsNoTracking()
                .Where(d => db.Subscribers.Any(s => s.Id == d.SubscriberId && s.NormalizedEmail == busy)).SingleAsync());
            Assert.Equal(DeliveryStatus.Sent, delivery.Status);
            Assert.Equal(3, delivery.Attempts);
            Assert.Single(store.Mailbox.To(busy));
            Assert.Equal(SubscriberStatus.Confirmed, (await store.FindAsync(busy))!.Status);
        }
        finally
        {
            store.Mailbox.RecipientFault = null;
        }
    }
}
