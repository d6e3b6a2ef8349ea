using System.Threading.RateLimiting;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// How many requests one instance works on at once (<c>Store:ConcurrentRequests</c>); the rest wait their turn, first
/// come first served, and past <c>Store:QueuedRequests</c> waiting are answered 503 with Retry-After. Cached pages are
/// answered before the limit and never wait. Without it, 256 requests at once each started on a 20-connection pool and
/// held their half-built pages while they waited: in the store benchmark the limit of 32 lowered the peak memory from
/// 376 to 327 MB and answered signed-in pages 20-27% and search 70% faster (README, Connection budget).
/// </summary>
internal static class RequestConcurrency
{
    private const string ConcurrentRequestsKey = "Store:ConcurrentRequests";
    private const string QueuedRequestsKey = "Store:QueuedRequests";

    public static IServiceCollection AddRequestConcurrency(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue(ConcurrentRequestsKey, 32);
        var queued = configuration.GetValue(QueuedRequestsKey, 1000);
        // Named as an operator sets them: in the environment.
        if (permits < 1)
            throw new InvalidOperationException($"Set Store__ConcurrentRequests to 1 or more (it is {permits}).");
        if (queued < 0)
            throw new InvalidOperationException($"Set Store__QueuedRequests to 0 or more (it is {queued}).");

        var limiter = new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = queued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, bool>(_ => RateLimitPartition.GetConcurrencyLimiter(true, _ => limiter));
            // The error page says "we need a moment" and sets Retry-After (it is exempt, so it is shown even then).
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
        });
        return services;
    }
}
