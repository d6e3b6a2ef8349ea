using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibroStore.SharedKernel.Clustering;

/// <summary>
/// Tells every app instance on the same database that something changed (settings, cached pages),
/// through PostgreSQL NOTIFY. Sent inside a transaction, a signal is delivered only if it commits.
/// </summary>
public interface IClusterSignals
{
    Task PublishAsync(string topic, string data, CancellationToken ct);
    Task PublishAsync(NpgsqlConnection connection, string topic, string data, CancellationToken ct);
}

/// <summary>Reacts to one topic. A null <c>data</c> means signals may have been missed: drop every cached thing.</summary>
public interface IClusterSignalHandler
{
    string Topic { get; }
    Task HandleAsync(string? data, CancellationToken ct);
}

internal sealed class PgClusterSignals(
    NpgsqlDataSource dataSource,
    [FromKeyedServices(PgClusterSignals.ListenerKey)] NpgsqlDataSource listenerSource,
    IServiceProvider services,
    ILogger<PgClusterSignals> logger) : BackgroundService, IClusterSignals
{
    internal const string Channel = "fibrostore_signals";
    internal const string ListenerKey = "cluster-signal-listener";

    // A connection the server or the network dropped without a word looks idle forever: after this long without a
    // notification the listener asks the server something, and an answer slower than PingTimeout means it is gone.
    // Together they stay under the 30 seconds in which a lost listener must be noticed.
    internal static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(10);
    private const int PingTimeoutSeconds = 5;

    // Resolved on first use: handlers (the settings cache) publish through this class themselves.
    private ILookup<string, IClusterSignalHandler> ByTopic =>
        byTopic ??= services.GetServices<IClusterSignalHandler>().ToLookup(h => h.Topic);
    private ILookup<string, IClusterSignalHandler>? byTopic;

    public async Task PublishAsync(string topic, string data, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await PublishAsync(connection, topic, data, ct);
    }

    public async Task PublishAsync(NpgsqlConnection connection, string topic, string data, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", $"{topic}|{data}");
        await command.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await listenerSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Payload, stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Anything may have changed while we were not listening.
                await ResetAllAsync(stoppingToken);
                await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = PingTimeoutSeconds };
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(PingEvery, stoppingToken))
                        await ping.ExecuteScalarAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Signals sent from now on are lost until the listener is back: drop every cached thing now, and
                // again once it reconnects (the reset above).
                logger.LogWarning(ex, "Lost the cluster signal connection; reconnecting");
                await ResetAllAsync(stoppingToken);
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Dispatch(string payload, CancellationToken ct)
    {
        var split = payload.IndexOf('|', StringComparison.Ordinal);
        if (split < 0) return;
        var topic = payload[..split];
        var data = payload[(split + 1)..];
        foreach (var handler in ByTopic[topic])
            _ = RunAsync(handler, data, ct);
    }

    private async Task ResetAllAsync(CancellationToken ct)
    {
        foreach (var handler in ByTopic.SelectMany(g => g))
            await RunAsync(handler, null, ct);
    }

    private async Task RunAsync(IClusterSignalHandler handler, string? data, CancellationToken ct)
    {
        try { await handler.HandleAsync(data, ct); }
        catch (Exception ex) { logger.LogError(ex, "Cluster signal handler for {Topic} failed", handler.Topic); }
    }
}
