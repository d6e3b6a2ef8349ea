using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.SharedKernel.Data;

public sealed class OutboxOptions
{
    public int PollMilliseconds { get; set; } = 500;
    public int BatchSize { get; set; } = 50;
}

/// <summary>
/// Publishes one module's outbox. Rows are claimed with FOR UPDATE SKIP LOCKED, so several app instances
/// share the work; a crash before commit leaves the rows for the next claim (at-least-once delivery).
/// Failures are retried with capped exponential backoff, never dropped. While the outbox is empty the processor
/// sleeps until <see cref="OutboxWatcher"/> sees due messages, so an idle store asks the database one question per
/// tick for all modules instead of one transaction per module.
/// </summary>
public sealed class OutboxProcessor<TContext>(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxProcessor<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim due = new(0, 1);

    /// <summary>Ends the idle wait: messages are due.</summary>
    public void Wake()
    {
        try { due.Release(); }
        catch (SemaphoreFullException) { /* Already woken. */ }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await ProcessPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; the watcher wakes this processor again once it answers.
                logger.LogWarning(ex, "Outbox of {Context} could not be read", typeof(TContext).Name);
                handled = 0;
            }
            if (handled == 0)
            {
                try { await due.WaitAsync(stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Publishes one batch of due messages and returns how many it handled.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var schema = db.Model.GetDefaultSchema() ?? "public";
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The schema comes from the model, never from input.
#pragma warning disable EF1003
        var due = await db.Set<OutboxMessage>()
            .FromSqlRaw(
                $"SELECT * FROM \"{schema}\".outbox_messages WHERE processed_at IS NULL AND next_attempt_at <= {{0}} " +
                "ORDER BY occurred_at LIMIT {1} FOR UPDATE SKIP LOCKED", now, options.Value.BatchSize)
            .ToListAsync(ct);
#pragma warning restore EF1003

        foreach (var message in due)
        {
            try
            {
                var @event = Deserialize(message);
                await using var handlerScope = scopes.CreateAsyncScope();
                await handlerScope.ServiceProvider.GetRequiredService<IPublisher>().Publish(@event, ct);
                message.ProcessedAt = clock.GetUtcNow();
                message.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, message.Attempts)));
                message.NextAttemptAt = clock.GetUtcNow() + backoff;
                message.LastError = Truncate(ex.ToString(), 2000);
                logger.LogWarning(ex, "Outbox message {Id} ({Type}) failed, attempt {Attempt}", message.Id, message.Type, message.Attempts);
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private static object Deserialize(OutboxMessage message)
    {
        var type = Type.GetType(message.Type, throwOnError: true)!;
        return JsonSerializer.Deserialize(message.Payload, type, OutboxJson.Options)
               ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload");
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
