using FibroStore.Editorial.Data;
using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Editorial;

public static class EditorialModule
{
    public static IHostApplicationBuilder AddEditorial(this IHostApplicationBuilder builder)
    {
        builder.Services.AddModuleDbContext<EditorialDbContext>(EditorialDbContext.Schema);
        return builder;
    }

    public static WebApplication MapEditorial(this WebApplication app) => app;
}
