using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FibroStore.Subscribers.Campaigns;

/// <summary>
/// Starts the weekly digest once its weekday and hour have come in the store's time zone: one campaign per week
/// (a unique index on the week, so instances racing each other start it once), with that week's articles and every
/// confirmed "weekly digest" subscriber as recipients. The campaign sender then sends it like any other.
/// </summary>
internal sealed class WeeklyDigest(
    IServiceScopeFactory scopes,
    ISiteSettings site,
    IOptions<DigestOptions> options,
    TimeProvider clock,
    ILogger<WeeklyDigest> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueDigestAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The weekly digest could not be started; trying again later");
            }
            try { await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// Starts the digest of the week <paramref name="now"/> falls in if it is due and not started yet; answers whether it
    /// started one. Its deliveries are due at once.
    /// </summary>
    public async Task<bool> StartDueDigestAsync(DateTimeOffset now, CancellationToken ct)
    {
        var schedule = options.Value;
        var zone = (await site.GetAsync(ct)).TimeZone;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        if (local.DayOfWeek != schedule.Weekday || local.Hour < schedule.Hour) return false;

        var week = DateOnly.FromDateTime(local.DateTime);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SubscribersDbContext>();
        if (await db.Campaigns.AnyAsync(c => c.DigestWeek == week, ct)) return false;

        // From last week's send time up to this one's: consecutive digests neither miss nor repeat an article.
        var sendTime = new TimeOnly(schedule.Hour, 0);
        var from = ToUtc(week.AddDays(-7).ToDateTime(sendTime), zone);
        var until = ToUtc(week.ToDateTime(sendTime), zone);
        var items = await db.Campaigns.AsNoTracking()
            .Where(c => c.ArticleId != null && c.CreatedAt >= from && c.CreatedAt < until)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new DigestItem(c.Title, c.Excerpt, c.ArticleUrl))
            .ToListAsync(ct);
        if (items.Count == 0) return false;

        var links = scope.ServiceProvider.GetRequiredService<SubscriberLinks>();
        var startedAt = clock.GetUtcNow();
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(), DigestWeek = week, Title = $"This week's articles ({items.Count})", Excerpt = "",
            ArticleUrl = links.Absolute("/articles"), CreatedAt = startedAt, DigestItems = JsonSerializer.Serialize(items),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Campaigns.Add(campaign);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance started this week's digest a moment ago.
            return false;
        }
        var pending = nameof(DeliveryStatus.Pending);
        var confirmed = nameof(SubscriberStatus.Confirmed);
        var weekly = nameof(SendPreference.WeeklyDigest);
        var recipients = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO subscribers.deliveries (campaign_id, subscriber_id, status, attempts, next_attempt_at)
            SELECT {campaign.Id}, s.id, {pending}, 0, {startedAt}
            FROM subscribers.subscribers s
            WHERE s.status = {confirmed} AND s.preference = {weekly}
            """, ct);
        await db.Database.ExecuteSqlAsync(
            $"UPDATE subscribers.campaigns SET recipient_count = {recipients} WHERE id = {campaign.Id}", ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>A local wall-clock time skipped by a daylight-saving change counts as the hour after it.</summary>
    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
}
