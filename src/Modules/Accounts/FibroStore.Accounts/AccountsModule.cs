using FibroStore.Accounts.Contracts;
using FibroStore.Accounts.KeyRing;
using FibroStore.Accounts.Setup;
using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Accounts;

/// <summary>
/// Accounts: ASP.NET Core Identity (its default pages, restyled and tightened where needed), the first-admin
/// setup, staff invitations and roles, and the data-protection keys every instance shares.
/// </summary>
public static class AccountsModule
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var secureCookies = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

        services.AddModuleDbContext<AccountsDbContext>(AccountsDbContext.Schema);

        services.AddDefaultIdentity<StoreUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = true;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = PasswordRule.MinLength;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddUserManager<StoreUserManager>()
            .AddSignInManager<StoreSignInManager>()
            .AddClaimsPrincipalFactory<StoreClaimsPrincipalFactory>()
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName);

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "fs.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookies;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            // A signed-in person without the right role gets the friendly 403 page, not a second sign-in form.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnSigningIn = StaffSessions.OnSigningIn;
            // Identity's own check (security stamp, roles) runs after ours, on sessions ours has not ended.
            var identityCheck = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                await StaffSessions.ValidateAsync(context);
                if (context.Principal is not null)
                    await identityCheck(context);
            };
        });
        foreach (var scheme in new[] { IdentityConstants.ExternalScheme, IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme })
            services.Configure<CookieAuthenticationOptions>(scheme, o => o.Cookie.SecurePolicy = secureCookies);
        // Roles are read again from the database this often, so a role change reaches an open session within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        // Every instance reads the same key ring, so a cookie or form token issued by one is accepted by all.
        services.AddDataProtection()
            .PersistKeysToDbContext<AccountsDbContext>()
            .SetApplicationName("FibroStore")
            .ProtectKeysWithConfiguredCertificate(builder.Configuration, builder.Environment);

        services.AddOptions<AccountThrottleOptions>()
            .Bind(builder.Configuration.GetSection(AccountThrottleOptions.Section))
            .Validate(o => o.IsValid(), "Every Accounts:Throttle limit and window must be at least 1.")
            .ValidateOnStart();
        services.AddScoped<AccountLimits>();
        services.AddScoped<DummyPassword>();
        services.AddScoped<RecentPassword>();
        services.AddSingleton<RecentPasswordFilter>();
        services.Configure<MvcOptions>(o => o.Filters.AddService<RecentPasswordFilter>());

        services.AddSingleton<StoreLinks>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<IAccountDirectory, AccountDirectory>();
        services.AddTransient<IEmailSender<StoreUser>, IdentityPageEmails>();
        services.AddTransient<Microsoft.AspNetCore.Identity.UI.Services.IEmailSender, HtmlEmailSender>();
        services.Configure<MvcOptions>(o => o.ModelMetadataDetailsProviders.Add(new IdentityUiInputLimits()));

        services.AddScoped<IDataSeeder, StaffRolesSeeder>();
        services.AddScoped<SetupTokens>();
        services.AddScoped<FibroStore.SharedKernel.Privacy.IPersonalDataContributor, SavedAddressesPersonalData>();
        services.AddHostedService<FirstAdminSetupNotice>();

        services.AddIdentityPageGuards();
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Staff/People", StaffPolicies.Admin));
        services.AddStaffNavItem(new StaffNavItem("People", "/staff/people", StaffPolicies.Admin, 95));
        return builder;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        // After authentication (the store's pipeline) and before any endpoint runs.
        app.UseMiddleware<StaffTwoStepGate>();
        return app;
    }
}
