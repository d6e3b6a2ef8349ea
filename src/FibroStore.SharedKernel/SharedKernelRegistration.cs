using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Email;
using FibroStore.SharedKernel.Files;
using FibroStore.SharedKernel.Images;
using FibroStore.SharedKernel.Markdown;
using FibroStore.SharedKernel.Privacy;
using FibroStore.SharedKernel.Search;
using FibroStore.SharedKernel.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FibroStore.SharedKernel;

public static class SharedKernelRegistration
{
    public static IServiceCollection AddSharedKernel(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton(_ => StoreDataSource.Build(connectionString, configuration));
        services.AddKeyedSingleton(PgClusterSignals.ListenerKey, (_, _) => StoreDataSource.BuildListener(connectionString, configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StoreAddress>();
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.AddHostedService<OutboxWatcher>();
        services.AddSingleton<IParkedMessages, ParkedMessages>();
        services.AddScoped<IRetentionTask, ProcessedOutboxRetention>();
        services.AddScoped<IPersonalDataEraser, OutboxAddressEraser>();
        services.AddHostedService<RetentionSweeper>();

        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<MailFromOptions>(configuration.GetSection("MailFrom"));
        services.TryAddSingleton<IMailSenderIdentity, ConfiguredSenderIdentity>();
        services.AddSingleton<MailKitEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<MailKitEmailSender>());
        services.AddSingleton<IBulkEmailSender>(sp => sp.GetRequiredService<MailKitEmailSender>());

        services.AddSingleton<IMarkdownRenderer, MarkdownRenderer>();
        services.AddModuleDbContext<FilesDbContext>(FilesDbContext.Schema);
        services.AddSingleton<IFileStorage, PostgresFileStorage>();
        services.AddSingleton<IImageProcessor, SkiaImageProcessor>();

        services.AddSingleton<PgClusterSignals>();
        services.AddSingleton<IClusterSignals>(sp => sp.GetRequiredService<PgClusterSignals>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PgClusterSignals>());
        services.AddSingleton<IPageCache, ClusterPageCache>();
        services.AddSingleton<IClusterSignalHandler, PageCacheEvictionHandler>();
        services.AddSingleton<ReadResultCache>();
        services.AddSingleton<IClusterSignalHandler>(sp => sp.GetRequiredService<ReadResultCache>());
        services.AddSingleton<SearchResultCache>();
        return services;
    }
}
