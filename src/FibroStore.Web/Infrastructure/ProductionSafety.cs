using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// What keeps a running store safe and up: the settings Production cannot do without, which proxies may speak for
/// clients, and background services that fail without taking the store down with them.
/// </summary>
internal static class ProductionSafety
{
    public static WebApplicationBuilder AddProductionSafety(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!builder.Environment.IsDevelopment())
            // First of all hosted services, and at start rather than while building, so the `migrate` command needs none of it.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ProductionSettingsCheck>());

        // A background service that throws is logged and reported by /health/ready; the store keeps serving pages.
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.AddSingleton<BackgroundServicesHealthCheck>();
        services.AddHealthChecks().AddCheck<BackgroundServicesHealthCheck>("background services", tags: ["ready"]);

        var (proxies, networks) = TrustedProxies(builder.Configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Without a list, loopback is trusted (ASP.NET Core's default: a proxy on the same machine). With one, only
            // the listed proxies are: any other process on the machine could otherwise claim to be any client.
            if (proxies.Count > 0 || networks.Count > 0)
            {
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
            }
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary><c>Store:KnownProxies</c> (addresses) and <c>Store:KnownNetworks</c> (CIDR ranges), separated by commas or semicolons.</summary>
    private static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) TrustedProxies(IConfiguration configuration)
    {
        static string[] Split(string? value) =>
            (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var proxies = new List<IPAddress>();
        foreach (var text in Split(configuration["Store:KnownProxies"]))
            proxies.Add(IPAddress.TryParse(text, out var address) ? address : throw new InvalidOperationException(
                $"Store__KnownProxies holds \"{text}\", which is not an IP address. List the load balancers' addresses, for example 10.0.0.5,10.0.0.6."));
        var networks = new List<System.Net.IPNetwork>();
        foreach (var text in Split(configuration["Store:KnownNetworks"]))
            networks.Add(System.Net.IPNetwork.TryParse(text, out var network) ? network : throw new InvalidOperationException(
                $"Store__KnownNetworks holds \"{text}\", which is not a network. Write ranges like 10.0.0.0/8, with the bits after the slash."));
        return (proxies, networks);
    }

    /// <summary>Refuses to start a store outside Development that would hand out wrong links or answer to any host name.</summary>
    private sealed class ProductionSettingsCheck(IConfiguration configuration) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var problems = new List<string>();
            var hosts = configuration["AllowedHosts"];
            if (string.IsNullOrWhiteSpace(hosts) || hosts.Split(';').Any(h => h.Trim() == "*"))
                problems.Add("Set AllowedHosts to the host names people use, separated by semicolons (for example " +
                             "AllowedHosts=\"shop.example.org;www.shop.example.org\"). With \"*\" the store answers to any Host header.");
            var publicUrl = configuration["Store:PublicUrl"];
            if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
                problems.Add("Set Store__PublicUrl to the https address people use (for example https://shop.example.org). " +
                             "Links in emails, feeds and the payment page are built from it.");
            if (string.IsNullOrWhiteSpace(configuration["Smtp:Host"]))
                problems.Add("Set Smtp__Host (and Smtp__Port, Smtp__Username, Smtp__Password as your relay needs) so the store " +
                             "can send order and account emails. Only Development has a mailbox of its own.");
            if ((configuration["Throttle:KeySecret"]?.Trim().Length ?? 0) < 32)
                problems.Add("Set Throttle__KeySecret to a random value of at least 32 characters (for example the output of " +
                             "`openssl rand -base64 32`), the same on every instance. The limits on repeated attempts store IP and " +
                             "email addresses only as hashes made with it.");
            if (problems.Count > 0)
                throw new InvalidOperationException("The store will not start until these settings are fixed: " + string.Join(" ", problems));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>
/// Degraded while any background service (outboxes, the campaign sender, scheduled publishing…) has stopped after an
/// error: the store still serves pages, so the instance stays in the load balancer, and whoever looks after it sees why.
/// </summary>
internal sealed partial class BackgroundServicesHealthCheck(IServiceProvider services, ILogger<BackgroundServicesHealthCheck> logger) : IHealthCheck
{
    private readonly ConcurrentDictionary<BackgroundService, bool> reported = new();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = new List<string>();
        foreach (var service in services.GetServices<IHostedService>().OfType<BackgroundService>())
        {
            if (service.ExecuteTask is not { IsFaulted: true } task)
                continue;
            var name = service.GetType().Name;
            failed.Add(name);
            if (reported.TryAdd(service, true))
                LogStopped(logger, name, task.Exception?.GetBaseException());
        }
        return Task.FromResult(failed.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"Background work stopped after an error: {string.Join(", ", failed)}. Restart this instance when you can."));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background service {Service} stopped after an error; the store keeps serving without it until restarted.")]
    private static partial void LogStopped(ILogger logger, string service, Exception? error);
}
