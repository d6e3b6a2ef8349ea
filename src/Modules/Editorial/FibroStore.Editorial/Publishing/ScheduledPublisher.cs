using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.Editorial.Publishing;

/// <summary>
/// Puts scheduled articles live when their time comes. Rows are claimed with FOR UPDATE SKIP LOCKED, so with
/// several app instances each article is published by exactly one of them.
/// </summary>
internal sealed class ScheduledPublisher(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<PublishingOptions> options,
    ILogger<ScheduledPublisher> logger) : BackgroundService
{
    private readonly TimeSpan interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Scheduled articles could not be published; trying again shortly");
            }
            try { await Task.Delay(interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Publishes every article whose time has come and returns how many went live.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EditorialDbContext>();
        var now = clock.GetUtcNow();
        // The claim may run again from the start after a transient failure (a database restart): a commit that was
        // lost leaves the articles scheduled, one that went through leaves none of them due.
        var published = await DatabaseRetry.ForReads(db).ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var due = await db.Articles
                .FromSql($"SELECT * FROM editorial.articles WHERE status = 'Scheduled' AND publish_at <= {now} FOR UPDATE SKIP LOCKED")
                .ToListAsync(token);
            foreach (var article in due)
                ArticlePublishing.Publish(db, article, article.PublishAt ?? now);
            await db.SaveChangesAsync(token);
            await tx.CommitAsync(token);
            return due.Count;
        }, ct);
        if (published > 0)
        {
            logger.LogInformation("Published {Count} scheduled articles", published);
            await scope.ServiceProvider.GetRequiredService<IPageCache>().EvictArticlesAsync(ct);
        }
        return published;
    }
}

internal sealed class PublishingOptions
{
    public const string Section = "Editorial:Publishing";

    /// <summary>How late a scheduled article may go live at most; each poll is one small indexed query.</summary>
    public int PollSeconds { get; set; } = 15;
}
