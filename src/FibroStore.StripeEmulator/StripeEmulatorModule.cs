using FibroStore.StripeEmulator.Account;
using FibroStore.StripeEmulator.Api;
using FibroStore.StripeEmulator.PaymentPage;
using FibroStore.StripeEmulator.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FibroStore.StripeEmulator;

public static class StripeEmulatorModule
{
    /// <summary>The named HttpClient that delivers webhooks; tests can point its handler at an in-memory server.</summary>
    public const string WebhookHttpClientName = "stripe-emulator-webhooks";

    /// <summary>Development with no Stripe secret key: payments go to the emulator instead of Stripe.</summary>
    public static IHostApplicationBuilder AddStripeEmulatorWhenNoKeys(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Stripe:SecretKey"]))
            builder.Services.AddStripeEmulator();
        return builder;
    }

    public static IServiceCollection AddStripeEmulator(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StripeEmulatorOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var store = (configuration["Store:PublicUrl"] is { Length: > 0 } url ? url : "http://127.0.0.1:5080").TrimEnd('/');
            options.PublicUrl = store;
            options.WebhookUrl = store + "/webhooks/stripe";
            configuration.GetSection(StripeEmulatorOptions.Section).Bind(options);
        });
        services.AddHttpClient(WebhookHttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<EmulatedAccount>();
        services.AddSingleton<ApiGate>();
        services.AddSingleton(sp => new StripeEmulator(
            sp.GetRequiredService<EmulatedAccount>(), sp.GetRequiredService<WebhookDispatcher>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SessionExpiryLoop>();
        return services;
    }

    /// <summary>Maps the emulator's API and payment page, only where <see cref="AddStripeEmulator"/> registered it.</summary>
    public static WebApplication MapStripeEmulator(this WebApplication app)
    {
        if (app.Services.GetService<StripeEmulator>() is null)
            return app;
        ApiEndpoints.Map(app);
        PaymentPageEndpoints.Map(app);
        return app;
    }
}
