using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.SharedKernel.Data;

/// <summary>
/// Looks at every module's outbox with one query per tick and wakes the processors of those with due messages
/// (new ones, and failed ones whose backoff has passed). Messages written by another instance are found the same way.
/// </summary>
internal sealed class OutboxWatcher(
    IEnumerable<IModuleDatabase> modules,
    IServiceProvider services,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watched = modules.ToList();
        // The schemas come from the modules' registrations, never from input.
        var sql = string.Join(" UNION ALL ", watched.Select((module, index) =>
            $"SELECT {index} WHERE EXISTS (SELECT 1 FROM \"{module.Schema}\".outbox_messages " +
            "WHERE processed_at IS NULL AND parked_at IS NULL AND next_attempt_at <= @now " +
            "AND (claimed_until IS NULL OR claimed_until < now()))"));
        var tick = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var command = dataSource.CreateCommand(sql);
                command.Parameters.AddWithValue("now", clock.GetUtcNow());
                await using var reader = await command.ExecuteReaderAsync(stoppingToken);
                while (await reader.ReadAsync(stoppingToken))
                    watched[reader.GetInt32(0)].WakeOutbox(services);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting (or a module not yet migrated); look again on the next tick.
                logger.LogWarning(ex, "Could not look for due outbox messages");
            }
            try { await Task.Delay(tick, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
