using FibroStore.Subscribers.Data;
using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Subscribers;

public static class SubscribersModule
{
    public static IHostApplicationBuilder AddSubscribers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddModuleDbContext<SubscribersDbContext>(SubscribersDbContext.Schema);
        return builder;
    }

    public static WebApplication MapSubscribers(this WebApplication app) => app;
}
