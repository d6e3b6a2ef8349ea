using FibroStore.Ordering.Data;
using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Ordering;

public static class OrderingModule
{
    public static IHostApplicationBuilder AddOrdering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddModuleDbContext<OrderingDbContext>(OrderingDbContext.Schema);
        return builder;
    }

    public static WebApplication MapOrdering(this WebApplication app) => app;
}
