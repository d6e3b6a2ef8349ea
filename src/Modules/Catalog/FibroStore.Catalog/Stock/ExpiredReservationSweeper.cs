using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibroStore.Catalog.Stock;

/// <summary>
/// Gives back stock held by checkouts that were never paid, even if Ordering never calls release
/// (a crash, a closed tab). Safe on every instance at once: each release is a conditional update.
/// </summary>
internal sealed class ExpiredReservationSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpiredReservationSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var released = await scope.ServiceProvider.GetRequiredService<StockLedger>().ReleaseExpiredAsync(200, stoppingToken);
                if (released > 0)
                    logger.LogInformation("Released {Count} expired stock reservations", released);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not release expired stock reservations");
            }
            try { await Task.Delay(Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
