using FibroStore.SharedKernel.Data;
using FibroStore.Subscribers.Campaigns;
using FibroStore.Accounts.Contracts;
using FibroStore.Editorial.Contracts;
using FibroStore.Subscribers.Contracts;
using FibroStore.SharedKernel.Privacy;
using FibroStore.SharedKernel.Security;
using FibroStore.Subscribers.Figures;
using FibroStore.Subscribers.Membership;
using FibroStore.Subscribers.Pages.Subscribe;
using FibroStore.Subscribers.Privacy;
using FibroStore.Subscribers.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Subscribers;

public static class SubscribersModule
{
    public static IHostApplicationBuilder AddSubscribers(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddModuleDbContext<SubscribersDbContext>(SubscribersDbContext.Schema);
        services.AddSingleton<SubscriberLinks>();
        services.AddSingleton<SubscriberEmails>();
        services.AddScoped<INewsletterPreview, NewsletterPreview>();
        services.AddScoped<INewsletterMembership, NewsletterMembership>();
        services.AddScoped<IAccountNewsletter, AccountNewsletter>();
        services.AddScoped<ISubscriberFigures, SubscriberFigures>();
        services.AddScoped<IPersonalDataContributor, SubscriberPersonalData>();
        services.AddScoped<IPersonalDataEraser, SubscriberEraser>();
        services.Configure<JoinOptions>(builder.Configuration.GetSection(JoinOptions.Section));
        services.Configure<SendingOptions>(builder.Configuration.GetSection(SendingOptions.Section));
        services.Configure<NewsletterEmailOptions>(builder.Configuration.GetSection(NewsletterEmailOptions.Section));
        services.AddHostedService<CampaignSender>();
        services.Configure<DigestOptions>(builder.Configuration.GetSection(DigestOptions.Section));
        services.AddSingleton<WeeklyDigest>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<WeeklyDigest>());
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Staff/Subscribers", StaffPolicies.Editorial));
        services.AddStaffNavItem(new StaffNavItem("Subscribers", "/staff/subscribers", StaffPolicies.Editorial, 30));
        services.AddStaffNavItem(new StaffNavItem("Campaigns", "/staff/subscribers/campaigns", StaffPolicies.Editorial, 32));
        return builder;
    }
}
