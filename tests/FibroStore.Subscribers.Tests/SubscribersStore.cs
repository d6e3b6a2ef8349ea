using System.Text.Json;
using FibroStore.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FibroStore.Subscribers.Tests;

/// <summary>The store with the subscribe rate limit opened wide and the campaign sender polling fast.</summary>
public class SubscribersStore : StoreFactory
{
    public SubscribersStore()
    {
        With("Subscribers:Joining:PerClientLimit", "10000");
        With("Subscribers:Sending:PollMilliseconds", "100");
        With("Subscribers:Sending:MessagesPerSecond", "0");
        With("Subscribers:Sending:RetryBaseSeconds", "0.2");
    }

    public static string NewAddress(string who = "reader") => $"{who}-{Guid.NewGuid():N}@example.org";

    internal async Task<T> InDbAsync<T>(Func<SubscribersDbContext, Task<T>> work) =>
        await InScopeAsync(sp => work(sp.GetRequiredService<SubscribersDbContext>()));

    internal Task<Subscriber?> FindAsync(string email)
    {
        var normalized = email.ToLowerInvariant();
        return InDbAsync(db => db.Subscribers.AsNoTracking().SingleOrDefaultAsync(s => s.NormalizedEmail == normalized));
    }

    /// <summary>Confirmed "each article" subscribers written straight into the table, for campaigns of any size.</summary>
    public async Task<IReadOnlyList<string>> SeedConfirmedAsync(int count)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO subscribers.subscribers (id, email, normalized_email, status, preference, created_at, updated_at, confirmed_at)
            SELECT gen_random_uuid(), @prefix || '-' || n || '@example.org', @prefix || '-' || n || '@example.org',
                   'Confirmed', 'EachArticle', now(), now(), now()
            FROM generate_series(1, @count) AS n
            """, connection);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
        return Enumerable.Range(1, count).Select(n => $"{prefix}-{n}@example.org").ToList();
    }

    /// <summary>Raises Editorial's ArticlePublished the way Editorial does: a row in its outbox.</summary>
    /// <param name="bodyHtml">Left out of the payload when null, as in events written before the full text existed.</param>
    public async Task RaiseArticlePublishedAsync(Guid articleId, bool sendToSubscribers = true, bool imported = false, string? bodyHtml = null)
    {
        var fields = new Dictionary<string, object>
        {
            ["articleId"] = articleId, ["slug"] = $"article-{articleId:N}", ["title"] = "Pacing on a bad day",
            ["excerpt"] = "Small steps that keep a flare from growing.", ["url"] = $"/articles/article-{articleId:N}",
            ["sendToSubscribers"] = sendToSubscribers, ["imported"] = imported, ["publishedAt"] = DateTimeOffset.UtcNow, ["eventId"] = Guid.NewGuid(),
        };
        if (bodyHtml is not null)
            fields["bodyHtml"] = bodyHtml;
        var payload = JsonSerializer.Serialize(fields);
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO editorial.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at)
            VALUES (@id, 'FibroStore.Editorial.Contracts.ArticlePublished, FibroStore.Editorial.Contracts', @payload::jsonb, now(), 0, now() - interval '1 second')
            """, connection);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Delivery rows of the article's campaign by status, once none is pending any more (or the time is up).</summary>
    internal async Task<Dictionary<DeliveryStatus, int>> WaitForCampaignAsync(Guid articleId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            await DrainOutboxAsync();
            // Campaign first: it is written in the same transaction as its deliveries, so once seen, they are all there.
            var started = await InDbAsync(db => db.Campaigns.AnyAsync(c => c.ArticleId == articleId));
            var counts = await InDbAsync(db => db.Deliveries.AsNoTracking()
                .Where(d => db.Campaigns.Any(c => c.Id == d.CampaignId && c.ArticleId == articleId))
                .GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count));
            if (started && !counts.ContainsKey(DeliveryStatus.Pending)) return counts;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Campaign for {articleId} not finished: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}");
            await Task.Delay(100);
        }
    }
}
