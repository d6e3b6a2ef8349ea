using FibroStore.Ordering.Checkout;
using FibroStore.Ordering.Figures;
using FibroStore.Ordering.Fulfillment;
using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Privacy;
using FibroStore.SharedKernel.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Ordering;

public static class OrderingModule
{
    private static readonly string[] MerchandisingFolders = ["/Staff/Orders", "/Staff/Shipping", "/Staff/Discounts"];

    public static IHostApplicationBuilder AddOrdering(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddModuleDbContext<OrderingDbContext>(OrderingDbContext.Schema);
        services.AddOptions<OrderingOptions>()
            .Bind(builder.Configuration.GetSection(OrderingOptions.Section))
            .Configure(o => o.Currency = builder.Configuration["Store:Currency"] is { Length: 3 } currency ? currency : "USD")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<CartStore>();
        services.AddScoped<ICartCounter>(sp => sp.GetRequiredService<CartStore>());
        // Signing in is where a visitor's cart joins the customer's, so that reading a cart never has to write.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var earlier = o.Events.OnSignedIn;
            o.Events.OnSignedIn = async context =>
            {
                await earlier(context);
                if (CartStore.CustomerId(context.Principal) is { } customerId)
                    await context.HttpContext.RequestServices.GetRequiredService<CartStore>()
                        .JoinVisitorCartAsync(context.HttpContext, customerId, context.HttpContext.RequestAborted);
            };
        });
        services.AddScoped<StartCheckout>();
        services.AddSingleton(sp => new SignalledCache<TaxSettings>(TaxSettingsStore.SignalTopic, TaxSettingsStore.CopyMaxAge, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClusterSignalHandler>(sp => sp.GetRequiredService<SignalledCache<TaxSettings>>());
        services.AddScoped<TaxSettingsStore>();
        services.AddSingleton(sp => new SignalledCache<IReadOnlyList<ShippingOption>>(ActiveShippingOptions.SignalTopic,
            ActiveShippingOptions.CopyMaxAge, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClusterSignalHandler>(sp => sp.GetRequiredService<SignalledCache<IReadOnlyList<ShippingOption>>>());
        services.AddScoped<ActiveShippingOptions>();
        services.AddScoped<ITaxSettings>(sp => sp.GetRequiredService<TaxSettingsStore>());
        services.AddScoped<OrderFulfillment>();
        services.AddScoped<OrderEmails>();
        services.AddSingleton<OrderLinks>();
        services.AddScoped<IOrderFigures, OrderFigures>();
        services.AddScoped<CheckoutWatch>();
        services.AddScoped<ICheckoutAlerts>(sp => sp.GetRequiredService<CheckoutWatch>());
        services.AddScoped<IDataSeeder, ShippingOptionsSeeder>();
        services.AddScoped<IProductDeliveryOptions, DeliveryOptionsDirectory>();
        services.AddScoped<IPersonalDataContributor, OrderPersonalData>();
        // Only Ordering's own staff folders: "/Staff" alone would reach every module's staff pages and lock Editors out.
        services.Configure<RazorPagesOptions>(o =>
        {
            foreach (var folder in MerchandisingFolders)
                o.Conventions.AuthorizeFolder(folder, StaffPolicies.Merchandising);
        });
        services.AddStaffNavItem(new StaffNavItem("Orders", "/staff/orders", StaffPolicies.Merchandising, 40));
        services.AddStaffNavItem(new StaffNavItem("Shipping", "/staff/shipping", StaffPolicies.Merchandising, 42));
        services.AddStaffNavItem(new StaffNavItem("Discount codes", "/staff/discounts", StaffPolicies.Merchandising, 43));
        return builder;
    }
}
