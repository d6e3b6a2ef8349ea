using FibroStore.Catalog.Data;
using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Catalog;

public static class CatalogModule
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddModuleDbContext<CatalogDbContext>(CatalogDbContext.Schema);
        return builder;
    }

    public static WebApplication MapCatalog(this WebApplication app) => app;
}
