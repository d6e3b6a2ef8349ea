using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.StripeEmulator.Webhooks;

/// <summary>
/// Sends each event to the store in the background, as Stripe does: the API call or page that caused it never waits,
/// and a delivery the store refuses or cannot take is retried with doubling waits.
/// </summary>
internal sealed class WebhookDispatcher(
    IHttpClientFactory clients, IOptions<StripeEmulatorOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly Channel<EmulatedEvent> queue = Channel.CreateUnbounded<EmulatedEvent>();
    private readonly Lock gate = new();
    private readonly List<EmulatedEvent> held = [];
    private bool paused;

    public void Publish(EmulatedEvent e)
    {
        if (!options.Value.DeliverWebhooks)
            return;
        lock (gate)
        {
            if (paused)
            {
                held.Add(e);
                return;
            }
        }
        queue.Writer.TryWrite(e);
    }

    public void Pause()
    {
        lock (gate)
            paused = true;
    }

    public void Resume()
    {
        EmulatedEvent[] release;
        lock (gate)
        {
            paused = false;
            release = [.. held];
            held.Clear();
        }
        foreach (var e in release)
            queue.Writer.TryWrite(e);
    }

    /// <summary>One attempt, now. The timestamp is the wall clock's, as the receiver checks it against its own.</summary>
    public async Task<int> SendAsync(EmulatedEvent e, CancellationToken ct)
    {
        var settings = options.Value;
        var client = clients.CreateClient(StripeEmulatorModule.WebhookHttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl)
        {
            Content = new ByteArrayContent(e.Payload) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.TryAddWithoutValidation("Stripe-Signature", WebhookSignature.Header(e.Payload, timestamp, settings.WebhookSecret));
        request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        using var response = await client.SendAsync(request, ct);
        return (int)response.StatusCode;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Each event keeps its own retry schedule, so one the store keeps refusing does not hold back the others.
        await foreach (var e in queue.Reader.ReadAllAsync(stoppingToken))
            _ = DeliverWithRetriesAsync(e, stoppingToken);
    }

    private async Task DeliverWithRetriesAsync(EmulatedEvent e, CancellationToken ct)
    {
        var settings = options.Value;
        var wait = settings.FirstRetryDelay;
        for (var attempt = 1; attempt <= settings.MaxDeliveryAttempts; attempt++)
        {
            try
            {
                var status = await SendAsync(e, ct);
                if (status is >= 200 and < 300)
                    return;
                logger.LogWarning("Stripe emulator: {Url} answered {Status} to {Type} {EventId} (attempt {Attempt})",
                    settings.WebhookUrl, status, e.Type, e.Id, attempt);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Stripe emulator: could not deliver {Type} {EventId} to {Url} (attempt {Attempt})",
                    e.Type, e.Id, settings.WebhookUrl, attempt);
            }
            if (attempt == settings.MaxDeliveryAttempts)
                break;
            // Real time on purpose: a test that moves the business clock must not also stall or rush deliveries.
            try
            {
                await Task.Delay(wait, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            wait *= 2;
        }
        logger.LogError("Stripe emulator: gave up delivering {Type} {EventId} after {Attempts} attempts",
            e.Type, e.Id, settings.MaxDeliveryAttempts);
    }
}
