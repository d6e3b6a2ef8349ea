using FibroStore.BackOffice.Data;
using FibroStore.BackOffice.Forms;
using FibroStore.BackOffice.SitePages;
using FibroStore.Editorial.Contracts;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Security;
using FibroStore.SharedKernel.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.BackOffice;

/// <summary>
/// The staff shell: staff home (the dashboard, which reads every module), information pages, and the pages that show
/// the site settings and the audit trail kept by SiteServices.
/// </summary>
public static class BackOfficeModule
{
    public static IHostApplicationBuilder AddBackOffice(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddModuleDbContext<BackOfficeDbContext>(BackOfficeDbContext.Schema);
        services.AddScoped<IDataSeeder, SitePagesSeeder>();
        services.AddScoped<ISitemapSource, Pages.SitePages.SitePagesSitemap>();
        services.AddScoped<IInformationPages, InformationPages>();
        services.Configure<MvcOptions>(o => o.ModelMetadataDetailsProviders.Add(new UnreadableValueMessages(o.ModelBindingMessageProvider)));

        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizePage("/Staff/Settings/Index", StaffPolicies.Admin);
            o.Conventions.AuthorizeFolder("/Staff/SitePages", StaffPolicies.Editorial);
            o.Conventions.AuthorizeFolder("/Staff/Messages", StaffPolicies.Admin);
            // Pages other than the store's own four (an About page brought from WordPress) live under /pages/.
            o.Conventions.AddPageRoute("/SitePages/Show", "/pages/{slug:regex(^[a-z0-9]+(-[a-z0-9]+)*$)}");
        });
        services.AddStaffNavItem(new StaffNavItem("Staff home", "/staff", StaffPolicies.Staff, 0));
        services.AddStaffNavItem(new StaffNavItem("Information pages", "/staff/pages", StaffPolicies.Editorial, 80));
        services.AddStaffNavItem(new StaffNavItem("Audit log", "/staff/audit", StaffPolicies.Staff, 90));
        services.AddStaffNavItem(new StaffNavItem("Site settings", "/staff/settings", StaffPolicies.Admin, 100));
        services.AddStaffNavItem(new StaffNavItem("Messages on hold", "/staff/messages", StaffPolicies.Admin, 105));
        return builder;
    }
}
