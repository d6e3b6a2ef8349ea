using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibroStore.SharedKernel.Privacy;

/// <summary>Forgets, or reduces, data that has been kept as long as it is needed. Safe to run on several instances at once.</summary>
public interface IRetentionTask
{
    Task SweepAsync(CancellationToken ct);
}

/// <summary>
/// Runs every <see cref="IRetentionTask"/> shortly after start and then every hour. A task that fails is logged and
/// tried again at the next round; it never stops the others or the store.
/// </summary>
internal sealed partial class RetentionSweeper(IServiceScopeFactory scopes, ILogger<RetentionSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstDelay, stoppingToken);
            while (true)
            {
                await SweepOnceAsync(stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var task in scope.ServiceProvider.GetServices<IRetentionTask>())
        {
            try
            {
                await task.SweepAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogFailed(logger, task.GetType().Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention task {Task} failed; it runs again within the hour")]
    private static partial void LogFailed(ILogger logger, string task, Exception error);
}
