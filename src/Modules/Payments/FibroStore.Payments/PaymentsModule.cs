using FibroStore.Payments.Data;
using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Payments;

public static class PaymentsModule
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddModuleDbContext<PaymentsDbContext>(PaymentsDbContext.Schema);
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app) => app;
}
