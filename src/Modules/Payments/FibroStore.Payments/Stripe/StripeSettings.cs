using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Payments.Stripe;

/// <summary>
/// How the store reaches Stripe. With `Stripe:SecretKey` set it talks to Stripe itself; in Development without
/// one it talks to the local emulator mapped inside the app, through the same Stripe.net client. Production
/// without keys refuses to start: a store that cannot take payments must not pretend it can.
/// </summary>
internal sealed record StripeSettings(string SecretKey, string WebhookSecret, string? ApiBase, bool UsesEmulator, long WebhookToleranceSeconds)
{
    public const string HttpClientName = "stripe";
    public const string EmulatorSecretKey = "sk_test_fibrostore_emulator";
    public const string EmulatorWebhookSecret = "whsec_fibrostore_emulator";

    public static StripeSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var tolerance = configuration.GetValue("Stripe:WebhookToleranceSeconds", 300L);
        var key = configuration["Stripe:SecretKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            if (!environment.IsDevelopment())
                throw new InvalidOperationException(
                    "Stripe is not configured, so the store cannot take payments and will not start. Set Stripe__SecretKey " +
                    "(sk_live_… or sk_test_…) and Stripe__WebhookSecret (whsec_… from the Stripe dashboard or `stripe listen`). " +
                    "Only Development runs without keys, against the local Stripe emulator.");
            var publicUrl = (configuration["Store:PublicUrl"] is { Length: > 0 } url ? url : "http://127.0.0.1:5080").TrimEnd('/');
            return new StripeSettings(configuration["StripeEmulator:SecretKey"] is { Length: > 0 } emulatorKey ? emulatorKey : EmulatorSecretKey,
                configuration["StripeEmulator:WebhookSecret"] is { Length: > 0 } secret ? secret : EmulatorWebhookSecret,
                configuration["Stripe:ApiBase"] is { Length: > 0 } apiBase ? apiBase : publicUrl + "/stripe-emulator",
                UsesEmulator: true, tolerance);
        }
        var webhookSecret = configuration["Stripe:WebhookSecret"];
        if (string.IsNullOrWhiteSpace(webhookSecret))
            throw new InvalidOperationException(
                "Stripe__SecretKey is set but Stripe__WebhookSecret is not. The store learns of payments only from signed " +
                "webhooks; set the endpoint's signing secret (whsec_…).");
        return new StripeSettings(key, webhookSecret, configuration["Stripe:ApiBase"] is { Length: > 0 } b ? b : null, UsesEmulator: false, tolerance);
    }
}

/// <summary>Reads the settings as the app starts, so that a store without Stripe keys stops there with the reason.</summary>
internal sealed class StripeSettingsCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<StripeSettings>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
