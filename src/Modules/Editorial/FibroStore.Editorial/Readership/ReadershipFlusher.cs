using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.Editorial.Readership;

internal sealed class ReadershipOptions
{
    public const string Section = "Editorial:Readership";

    /// <summary>How often each instance writes its tallied views and clicks.</summary>
    public double FlushSeconds { get; set; } = 5;
}

/// <summary>Writes <see cref="ReadershipCounter"/>'s tallies every few seconds, and once more when the app stops.</summary>
internal sealed partial class ReadershipFlusher(ReadershipCounter counter, IOptions<ReadershipOptions> options, ILogger<ReadershipFlusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, options.Value.FlushSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushQuietlyAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushQuietlyAsync(cancellationToken);
    }

    private async Task FlushQuietlyAsync(CancellationToken ct)
    {
        try
        {
            await counter.FlushAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article view counts could not be written; they are kept for the next try.")]
    private static partial void LogFlushFailed(ILogger logger, Exception ex);
}
