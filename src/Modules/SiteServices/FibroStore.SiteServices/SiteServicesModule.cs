using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Email;
using FibroStore.SharedKernel.Privacy;
using FibroStore.SiteServices.Audit;
using FibroStore.SiteServices.Settings;
using FibroStore.SiteServices.Throttle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.SiteServices;

/// <summary>
/// What every module leans on: the site settings, the audit trail and the request throttle. It depends on no other
/// module, so any module may use it without making a cycle. It has no pages: the staff pages that show and edit these
/// live in BackOffice, which may read every module.
/// </summary>
public static class SiteServicesModule
{
    public static IHostApplicationBuilder AddSiteServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddModuleDbContext<SiteServicesDbContext>(SiteServicesDbContext.Schema);
        services.AddSingleton<SiteSettingsStore>();
        services.AddSingleton<ISiteSettings>(sp => sp.GetRequiredService<SiteSettingsStore>());
        services.AddSingleton<ISiteSettingsEditor>(sp => sp.GetRequiredService<SiteSettingsStore>());
        services.AddSingleton<IMailSenderIdentity>(sp => sp.GetRequiredService<SiteSettingsStore>());
        services.AddSingleton<IClusterSignalHandler>(sp => sp.GetRequiredService<SiteSettingsStore>());
        services.Configure<ThrottleOptions>(builder.Configuration.GetSection(ThrottleOptions.Section));
        services.AddSingleton<ThrottleKeys>();
        services.AddSingleton<IRequestThrottle, PgRequestThrottle>();
        services.AddScoped<IRetentionTask, ThrottleRetention>();
        services.AddScoped<IAuditLog, AuditLog>();
        return builder;
    }
}
