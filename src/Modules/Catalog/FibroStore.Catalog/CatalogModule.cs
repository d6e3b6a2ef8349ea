using FibroStore.Catalog.Demo;
using FibroStore.Catalog.Import;
using FibroStore.Catalog.Stock;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Search;
using FibroStore.SharedKernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Catalog;

/// <summary>What is for sale and what is in stock: products, variants, categories, the stock ledger, shop pages and search.</summary>
public static class CatalogModule
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddModuleDbContext<CatalogDbContext>(CatalogDbContext.Schema);
        services.AddOptions<CatalogOptions>().BindConfiguration("Store").ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<CatalogCache>();
        services.AddInlineScript(typeof(CatalogModule).Assembly, "catalog.js");
        services.AddSingleton<CatalogReads>();
        services.AddScoped<StockLedger>();
        services.AddScoped<CatalogImporter>();
        services.AddScoped<WooImporter>();
        services.AddScoped<ICatalogStock>(sp => sp.GetRequiredService<StockLedger>());
        services.AddScoped<IProductCatalog, ProductCatalog>();
        services.AddScoped<ICatalogFigures, CatalogFigures>();
        services.AddScoped<IShopRedirects, ShopRedirects>();
        services.AddScoped<ISiteSearchSource, ProductSearch>();
        services.AddScoped<ISitemapSource, ShopSitemap>();
        services.AddScoped<IDataSeeder, DemoCatalogSeeder>();
        services.AddHostedService<ExpiredReservationSweeper>();

        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AddPageRoute("/Shop/Index", "shop/category/{category}");
            o.Conventions.AuthorizeFolder("/Staff/Catalog", StaffPolicies.Merchandising);
        });
        services.AddStaffNavItem(new StaffNavItem("Products", "/staff/catalog/products", StaffPolicies.Merchandising, 20));
        services.AddStaffNavItem(new StaffNavItem("Low stock", "/staff/catalog/low-stock", StaffPolicies.Merchandising, 22));
        services.AddStaffNavItem(new StaffNavItem("Categories", "/staff/catalog/categories", StaffPolicies.Merchandising, 24));
        services.AddStaffNavItem(new StaffNavItem("Import and export", "/staff/catalog/csv", StaffPolicies.Merchandising, 26));
        return builder;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        app.UseMiddleware<ProductOldAddresses>();
        return app;
    }
}
