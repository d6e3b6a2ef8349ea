using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.Subscribers.Sending;

/// <summary>
/// Sends campaign emails, on every instance at once. Work is claimed from PostgreSQL in batches
/// (<c>FOR UPDATE SKIP LOCKED</c>, then a lease in <c>claimed_until</c>), so instances never share a delivery and a
/// crashed instance's claims return when the lease ends. Each delivery is marked sent straight after the SMTP
/// server accepts it, so after a crash at most the messages in flight at that moment can go out twice.
/// </summary>
internal sealed class CampaignSender(
    IServiceScopeFactory scopes,
    IBulkEmailSender mail,
    SubscriberEmails emails,
    ISiteSettings site,
    IOptions<SendingOptions> options,
    TimeProvider clock,
    IMeterFactory meters,
    ILogger<CampaignSender> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private readonly Guid instance = Guid.NewGuid();

    // Its rate is the send rate: rate(fibrostore_campaign_deliveries_total{status="Sent"}[1m]) in Prometheus.
    private readonly Counter<long> finished = meters.Create(StoreTelemetry.MeterName).CreateCounter<long>(
        "fibrostore.campaign.deliveries", "{email}", "Campaign deliveries this instance finished, by status (Sent, Failed, Skipped).");

    private sealed record Claimed(long Id, int Attempts, Guid SubscriberId, string Email, string? FirstName,
        SubscriberStatus Status, Campaign Campaign);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        using var limiter = settings.MessagesPerSecond > 0
            ? new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.MessagesPerSecond,
                TokensPerPeriod = settings.MessagesPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = int.MaxValue,
                AutoReplenishment = true,
            })
            : null;
        var sessions = new IEmailSession?[Math.Max(1, settings.Connections)];
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                int handled;
                try
                {
                    handled = await SendOneBatchAsync(sessions, limiter, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The database may be restarting; claims not finished come back after their lease.
                    logger.LogWarning(ex, "Campaign sender could not work through a batch");
                    handled = 0;
                }
                if (handled > 0) continue;
                // Idle: close the connections rather than let the relay time them out.
                await CloseAsync(sessions);
                try { await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
        finally
        {
            await CloseAsync(sessions);
            await ReleaseClaimsAsync();
        }
    }

    private async Task<int> SendOneBatchAsync(IEmailSession?[] sessions, RateLimiter? limiter, CancellationToken ct)
    {
        var settings = options.Value;
        var leaseEnds = clock.GetUtcNow().AddSeconds(settings.LeaseSeconds);
        var batch = await ClaimAsync(settings.BatchSize, leaseEnds, ct);
        if (batch.Count == 0) return 0;

        var storeSettings = await site.GetAsync(ct);
        var queue = new ConcurrentQueue<Claimed>(batch);
        // Stop starting messages well before the lease ends, so no other instance can have claimed them again.
        var stopStartingAt = leaseEnds.AddSeconds(-Math.Min(60, settings.LeaseSeconds / 4.0));
        var workers = Enumerable.Range(0, Math.Min(sessions.Length, batch.Count)).Select(async slot =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SubscribersDbContext>();
            while (queue.TryDequeue(out var delivery) && clock.GetUtcNow() < stopStartingAt)
            {
                if (limiter is not null)
                    using (await limiter.AcquireAsync(1, ct)) { }
                sessions[slot] ??= mail.OpenSession();
                await SendAsync(db, sessions[slot]!, delivery, storeSettings, ct);
            }
        });
        await Task.WhenAll(workers);
        return batch.Count;
    }

    private async Task<List<Claimed>> ClaimAsync(int batchSize, DateTimeOffset leaseEnds, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SubscribersDbContext>();
        // The claim may run again after a transient failure: one whose commit was lost claimed nothing, and one that
        // went through only holds its deliveries until the lease ends, when they return to be sent once.
        return await DatabaseRetry.ForReads(db).ExecuteAsync(token => ClaimOnceAsync(db, batchSize, leaseEnds, token), ct);
    }

    private async Task<List<Claimed>> ClaimOnceAsync(SubscribersDbContext db, int batchSize, DateTimeOffset leaseEnds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pending = nameof(DeliveryStatus.Pending);
        var ids = await db.Database.SqlQuery<long>($"""
            WITH due AS (
                SELECT d.id FROM subscribers.deliveries d
                JOIN subscribers.campaigns c ON c.id = d.campaign_id AND c.paused_at IS NULL
                WHERE d.status = {pending} AND d.next_attempt_at <= {now}
                  AND (d.claimed_until IS NULL OR d.claimed_until < {now})
                ORDER BY d.next_attempt_at, d.id
                LIMIT {batchSize}
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE subscribers.deliveries d SET claimed_until = {leaseEnds}, claimed_by = {instance}
            FROM due WHERE d.id = due.id
            RETURNING d.id AS "Value"
            """).ToListAsync(ct);
        if (ids.Count == 0) return [];

        var rows = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Join(db.Subscribers, d => d.SubscriberId, s => s.Id, (d, s) => new { d.Id, d.Attempts, d.CampaignId, s.Email, s.FirstName, s.Status, SubscriberId = s.Id })
            .ToListAsync(ct);
        var campaignIds = rows.Select(r => r.CampaignId).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return rows.OrderBy(r => r.Id)
            .Select(r => new Claimed(r.Id, r.Attempts, r.SubscriberId, r.Email, r.FirstName, r.Status, campaigns[r.CampaignId]))
            .ToList();
    }

    private async Task SendAsync(SubscribersDbContext db, IEmailSession session, Claimed delivery, SiteSettings settings, CancellationToken ct)
    {
        // Whatever is logged while this delivery is worked on (here, in the mail sender) names it.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CampaignId"] = delivery.Campaign.Id, ["DeliveryId"] = delivery.Id });
        // People who left (or bounced) since the campaign started get nothing.
        if (delivery.Status != SubscriberStatus.Confirmed)
        {
            await FinishAsync(db, delivery.Id, DeliveryStatus.Skipped, delivery.Attempts, delivery.Status.ToString());
            return;
        }

        string answer;
        try
        {
            answer = await session.SendAsync(emails.ForCampaign(delivery.Campaign, delivery.SubscriberId, delivery.Email, delivery.FirstName, settings), ct);
        }
        catch (EmailDeliveryException ex) when (ex.IsPermanent)
        {
            logger.LogWarning("Campaign email refused for good by the mail relay: {Answer}", ex.Answer);
            await FinishAsync(db, delivery.Id, DeliveryStatus.Failed, delivery.Attempts + 1, ex.Answer);
            if (ex.IsRecipientRefused)
                await MarkBouncedAsync(db, delivery.SubscriberId, ex.Answer);
            return;
        }
        catch (EmailDeliveryException ex)
        {
            logger.LogWarning("Campaign email not delivered (attempt {Attempt}): {Answer}", delivery.Attempts + 1, ex.Answer);
            await RetryOrFailAsync(db, delivery, ex.Answer);
            return;
        }
        // Accepted: record it even if the app is stopping, or the message could be sent again.
        await FinishAsync(db, delivery.Id, DeliveryStatus.Sent, delivery.Attempts + 1, answer);
    }

    private async Task RetryOrFailAsync(SubscribersDbContext db, Claimed delivery, string answer)
    {
        var attempts = delivery.Attempts + 1;
        if (attempts >= options.Value.MaxAttempts)
        {
            await FinishAsync(db, delivery.Id, DeliveryStatus.Failed, attempts, answer);
            return;
        }
        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, options.Value.RetryBaseSeconds * Math.Pow(2, attempts - 1)));
        var nextAttempt = clock.GetUtcNow() + backoff;
        var clipped = Clip(answer);
        await db.Deliveries.Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.NextAttemptAt, nextAttempt)
                .SetProperty(d => d.LastAnswer, clipped)
                .SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.ClaimedBy, (Guid?)null), CancellationToken.None);
    }

    private async Task FinishAsync(SubscribersDbContext db, long id, DeliveryStatus status, int attempts, string answer)
    {
        var now = clock.GetUtcNow();
        var clipped = Clip(answer);
        DateTimeOffset? sentAt = status == DeliveryStatus.Sent ? now : null;
        var changed = await db.Deliveries.Where(d => d.Id == id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.SentAt, sentAt)
                .SetProperty(d => d.LastAnswer, clipped)
                .SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.ClaimedBy, (Guid?)null), CancellationToken.None);
        if (changed > 0)
            finished.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));
    }

    private async Task MarkBouncedAsync(SubscribersDbContext db, Guid subscriberId, string answer)
    {
        var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.Id == subscriberId, CancellationToken.None);
        if (subscriber is null || subscriber.Status == SubscriberStatus.Bounced) return;
        subscriber.Status = SubscriberStatus.Bounced;
        subscriber.Record("bounced", clock.GetUtcNow(), Clip(answer, 500));
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }

    /// <summary>On a clean stop, hands back the claims this instance did not get to, so another instance needs no lease wait.</summary>
    private async Task ReleaseClaimsAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SubscribersDbContext>();
            await db.Deliveries.Where(d => d.ClaimedBy == instance && d.Status == DeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(d => d.ClaimedBy, (Guid?)null), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Campaign sender could not release its claims; they return after the lease");
        }
    }

    /// <summary>
    /// Says goodbye to the relay on each open connection. A relay that hangs or drops the line here changes nothing about
    /// what was sent, so it is logged and never allowed to end the sender (or, through it, the store).
    /// </summary>
    private async Task CloseAsync(IEmailSession?[] sessions)
    {
        for (var i = 0; i < sessions.Length; i++)
        {
            var session = sessions[i];
            sessions[i] = null;
            if (session is null) continue;
            try
            {
                await session.DisposeAsync();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Campaign sender could not close an SMTP connection cleanly; it is dropped");
            }
        }
    }

    private static string Clip(string value, int max = 1000) => value.Length <= max ? value : value[..max];
}
