using FibroStore.Payments.Data;
using FibroStore.Payments.Webhooks;
using FibroStore.SharedKernel.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Payments;

public static class PaymentsModule
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddModuleDbContext<PaymentsDbContext>(PaymentsDbContext.Schema);
        services.AddSingleton(_ => StripeSettings.From(builder.Configuration, builder.Environment));
        // Read when the app starts rather than while it is built: a store without keys refuses to run, while the
        // `migrate` command, which starts no services, needs none.
        services.AddHostedService<StripeSettingsCheck>();
        services.AddHttpClient(StripeSettings.HttpClientName);
        services.AddSingleton<IStripeClient>(sp =>
        {
            var settings = sp.GetRequiredService<StripeSettings>();
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = settings.SecretKey,
                ApiBase = settings.ApiBase,
                HttpClient = new SystemNetHttpClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(StripeSettings.HttpClientName),
                    maxNetworkRetries: 2, appInfo: null, enableTelemetry: false),
            });
        });
        services.AddScoped<IPaymentGateway, StripePaymentGateway>();
        services.AddScoped<WebhookPayloads>();
        services.AddScoped<IRetentionTask>(sp => sp.GetRequiredService<WebhookPayloads>());
        services.AddScoped<IPersonalDataEraser>(sp => sp.GetRequiredService<WebhookPayloads>());
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapStripeWebhook();
        return app;
    }
}
