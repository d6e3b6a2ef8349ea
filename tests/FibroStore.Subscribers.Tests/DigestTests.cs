using System.Text.RegularExpressions;
using FibroStore.Subscribers.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FibroStore.Subscribers.Tests;

public sealed class DigestTests
{
    private static async Task SetPreferenceAsync(SubscribersStore store, string email, string preference)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE subscribers.subscribers SET preference = @p WHERE normalized_email = @e", connection);
        command.Parameters.AddWithValue("p", preference);
        command.Parameters.AddWithValue("e", email);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_weekly_digest_goes_once_to_digest_subscribers_with_the_weeks_articles()
    {
        // The store's default time zone; the digest is due on today's weekday, so a week from now is a send day.
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, london).DayOfWeek;
        var store = new SubscribersStore();
        store.With("Subscribers:Digest:Enabled", "false").With("Subscribers:Digest:Weekday", today.ToString()).With("Subscribers:Digest:Hour", "0");
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            var people = await store.SeedConfirmedAsync(2);
            var (weekly, eachArticle) = (people[0], people[1]);
            await SetPreferenceAsync(store, weekly, "WeeklyDigest");
            var first = Guid.NewGuid();
            var second = Guid.NewGuid();
            await store.RaiseArticlePublishedAsync(first);
            await store.RaiseArticlePublishedAsync(second);
            await store.WaitForCampaignAsync(first);
            await store.WaitForCampaignAsync(second);
            Assert.Empty(store.Mailbox.To(weekly));

            var digest = store.Services.GetRequiredService<WeeklyDigest>();
            var sendDay = DateTimeOffset.UtcNow.AddDays(7);
            Assert.True(await digest.StartDueDigestAsync(sendDay, CancellationToken.None));
            Assert.False(await digest.StartDueDigestAsync(sendDay.AddMinutes(30), CancellationToken.None));
            Assert.False(await digest.StartDueDigestAsync(sendDay.AddDays(1), CancellationToken.None));

            var mail = await store.Mailbox.WaitForAsync(weekly);
            Assert.StartsWith("This week's articles (2)", mail.Subject, StringComparison.Ordinal);
            Assert.Equal(2, Regex.Count(mail.TextBody!, "Read on the site: "));
            Assert.Contains($"/articles/article-{first:N}", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"/articles/article-{second:N}", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("/subscribe/unsubscribe/", mail.TextBody, StringComparison.Ordinal);
            await Task.Delay(500);
            Assert.Single(store.Mailbox.To(weekly));
            Assert.DoesNotContain(store.Mailbox.To(eachArticle), m => m.Subject.StartsWith("This week", StringComparison.Ordinal));
            Assert.Equal(1, await store.InDbAsync(db => db.Campaigns.CountAsync(c => c.DigestWeek != null)));
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task No_digest_starts_before_its_weekday_and_hour()
    {
        var store = new SubscribersStore();
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            var digest = store.Services.GetRequiredService<WeeklyDigest>();
            // Monday 08:00 in London is the default; a Sunday is never a send day.
            Assert.False(await digest.StartDueDigestAsync(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), CancellationToken.None));
            Assert.False(await store.InDbAsync(db => db.Campaigns.AnyAsync(c => c.DigestWeek != null)));
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }
}
