using FibroStore.Editorial.Contracts;
using FibroStore.Editorial.Data.Demo;
using FibroStore.Editorial.Discovery;
using FibroStore.Editorial.Import;
using FibroStore.Editorial.Publishing;
using FibroStore.Editorial.Readership;
using FibroStore.Editorial.Replies;
using FibroStore.SharedKernel.Privacy;
using FibroStore.SharedKernel.Search;
using FibroStore.SharedKernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Editorial;

/// <summary>The content hub: articles, replies and their moderation, feeds, search and the WordPress import.</summary>
public static class EditorialModule
{
    public static IHostApplicationBuilder AddEditorial(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddModuleDbContext<EditorialDbContext>(EditorialDbContext.Schema);
        services.Configure<ReplyOptions>(builder.Configuration.GetSection(ReplyOptions.Section));
        services.Configure<PublishingOptions>(builder.Configuration.GetSection(PublishingOptions.Section));
        services.AddSingleton<ArticleRenderer>();
        services.AddInlineScript(typeof(EditorialModule).Assembly, "editorial.js");
        services.AddSingleton<FormStamp>();
        services.AddSingleton<Sharing.ShareImages>();
        services.AddScoped<ProductSlots>();
        services.AddSingleton<EditorialReads>();
        services.AddScoped<ISiteSearchSource, ArticleSearch>();
        services.AddScoped<IArticleMentions, ArticleMentions>();
        services.AddScoped<IPersonalDataContributor, ReplyPersonalData>();
        services.AddScoped<WxrImporter>();
        services.AddScoped<IDataSeeder, CategorySeeder>();
        services.AddScoped<IDataSeeder, DemoContentSeeder>();
        services.AddSingleton<ScheduledPublisher>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ScheduledPublisher>());
        services.Configure<ReadershipOptions>(builder.Configuration.GetSection(ReadershipOptions.Section));
        services.AddSingleton<ReadershipCounter>();
        services.AddHostedService<ReadershipFlusher>();
        services.Configure<NotFoundLogOptions>(builder.Configuration.GetSection(NotFoundLogOptions.Section));
        services.AddScoped<IRetentionTask, NotFoundLogRetention>();
        services.AddScoped<RedirectRules>();
        services.AddTransient<IStartupFilter, NotFoundLogStartup>();
        services.AddTransient<IStartupFilter, ArticleViewCountingStartup>();
        services.AddTransient<IStartupFilter, WordPressAddressesStartup>();
        services.AddScoped<IArticleFigures, ArticleFigures>();

        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Staff/Articles", StaffPolicies.Editorial);
            o.Conventions.AuthorizeFolder("/Staff/Replies", StaffPolicies.Editorial);
            o.Conventions.AuthorizeFolder("/Staff/Redirects", StaffPolicies.Editorial);
        });
        services.AddStaffNavItem(new StaffNavItem("Articles", "/staff/articles", StaffPolicies.Editorial, 10));
        services.AddStaffNavItem(new StaffNavItem("Replies", "/staff/replies", StaffPolicies.Editorial, 20));
        services.AddStaffNavItem(new StaffNavItem("Redirects", "/staff/redirects", StaffPolicies.Editorial, 82));
        return builder;
    }

    public static WebApplication MapEditorial(this WebApplication app)
    {
        app.UseMiddleware<OldAddressRedirects>();
        app.MapDiscovery();
        app.MapProductCardLinks();
        return app;
    }
}
