using FibroStore.Accounts;
using FibroStore.BackOffice;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Files;
using FibroStore.SharedKernel.Messaging;
using FibroStore.SharedKernel.Security;
using FibroStore.SharedKernel.Web;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Web.Infrastructure;

internal static class StoreHosting
{
    public static WebApplicationBuilder AddStoreInfrastructure(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString("Store");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // EF's design-time tools build the host only to read the model; they never connect.
            connectionString = EF.IsDesignTime
                ? "Host=localhost;Database=design_time"
                : throw new InvalidOperationException(
                    "No database is configured. Set ConnectionStrings__Store, or start the store with scripts/run-store.sh, " +
                    "which starts a local PostgreSQL for you.");
        }

        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            // Scopes (request id, outbox message or campaign id) are switched on in Observability.
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        services.AddSharedKernel(builder.Configuration, connectionString);
        services.AddMediator((MediatorOptions o) =>
        {
            o.Namespace = "FibroStore.Web.Mediator";
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.NotificationPublisherType = typeof(ForeachAwaitPublisher);
            // Each module is listed once it has messages or handlers (the generator refuses one without).
            o.Assemblies =
            [
                typeof(AccountsModule), typeof(FibroStore.Accounts.Contracts.AccountDeleted),
                typeof(BackOfficeModule), typeof(FibroStore.SiteServices.SiteServicesModule), typeof(FibroStore.SiteServices.Contracts.StaffActionAudited),
                typeof(FibroStore.Catalog.CatalogModule),
                typeof(FibroStore.Ordering.OrderingModule), typeof(FibroStore.Ordering.Contracts.OrderPaid),
                typeof(FibroStore.Payments.Contracts.CheckoutSessionCompleted),
                typeof(FibroStore.Editorial.EditorialModule), typeof(FibroStore.Editorial.Contracts.ArticlePublished),
                typeof(FibroStore.Subscribers.SubscribersModule),
                typeof(FibroStore.SharedKernel.Email.EmailRequested),
                typeof(StoreHosting),
            ];
            o.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>), typeof(ReadRetryBehavior<,>)];
        });

        services.AddAuthorizationBuilder()
            // Every endpoint needs a signed-in user unless it says [AllowAnonymous]: a page nobody protected is closed, not open.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(StaffPolicies.Staff, p => p.RequireRole(StaffRoles.Admin, StaffRoles.Editor, StaffRoles.Merchandiser))
            .AddPolicy(StaffPolicies.Editorial, p => p.RequireRole(StaffRoles.Admin, StaffRoles.Editor))
            .AddPolicy(StaffPolicies.Merchandising, p => p.RequireRole(StaffRoles.Admin, StaffRoles.Merchandiser))
            .AddPolicy(StaffPolicies.Admin, p => p.RequireRole(StaffRoles.Admin));

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Staff", StaffPolicies.Staff);
            o.Conventions.ConfigureFilter(new InvalidInputStatusFilter());
            // ConfigureFilter only reaches pages outside areas; Identity's pages live in the "Identity" area.
            o.Conventions.AddAreaFolderApplicationModelConvention("Identity", "/", m => m.Filters.Add(new InvalidInputStatusFilter()));
        })
        .AddMvcOptions(o => o.ModelBinderProviders.Insert(0, new YesNoModelBinderProvider()))
        // The store validates on the server only. Client validation would put an inline-styled placeholder in every
        // empty validation summary, which the CSP (style-src 'self') refuses with a console error.
        .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "fs.af";
            o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        // Identity's pages keep one-off messages in TempData; its cookie (and the empty one that clears it) is https-only
        // like every other cookie outside Development.
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "fs.msg";
            o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.AddOutputCache(o => o.DefaultExpirationTimeSpan = TimeSpan.FromMinutes(10));
        services.AddRequestConcurrency(builder.Configuration);
        services.AddInlineScript(typeof(StoreHosting).Assembly, "site.js");
        services.AddSingleton<Microsoft.AspNetCore.Diagnostics.IDeveloperPageExceptionFilter, DatabaseUnavailablePageFilter>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.AddProductionSafety();
        return builder;
    }

    public static WebApplication UseStorePipeline(this WebApplication app)
    {
        // Behind a load balancer the scheme and client address come from it (see README, several instances).
        if (app.Configuration.GetValue<bool>("Store:BehindProxy"))
            app.UseForwardedHeaders();
        if (app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("Store:FriendlyErrors"))
            app.UseDeveloperExceptionPage();
        else
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error/500",
                // A database that cannot be reached (pool exhausted, restarting) is a calm 503 with Retry-After, not a fault.
                StatusCodeSelector = ex => DatabaseRetry.IsUnavailable(ex) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            });
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<CrossSiteRequestMiddleware>();
        app.UseMiddleware<NoStoreMiddleware>();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = StaticFileCaching.Apply });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<UnreadableInputMiddleware>();
        app.UseOutputCache();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapStoreEndpoints(this WebApplication app)
    {
        app.MapRazorPages();
        // A load balancer's probe is answered at once, however many requests wait their turn.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous().DisableRateLimiting();
        app.MapSessionState();
        app.MapGet("/media/{**path}", async (string path, IFileStorage storage, HttpContext http, CancellationToken ct) =>
        {
            var file = await storage.GetAsync(path, ct);
            if (file is null)
                return Results.NotFound();
            // Stored paths never change content (they carry a hash), so browsers and proxies may keep them for good.
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.File(file.Content, file.ContentType);
        }).AllowAnonymous().CacheOutput(new MissingMediaCachePolicy());
        // An unknown address is a plain 404 for everyone; without this the fallback policy would ask strangers to sign in.
        app.MapFallback(() => Results.NotFound()).AllowAnonymous();
        return app;
    }
}
