using System.Threading.RateLimiting;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// How many requests the store works on at once (<c>Store:ConcurrentRequests</c>); the rest wait their turn in the
/// order they came, up to <c>Store:QueuedRequests</c>, and beyond that are told to come back (503, Retry-After, the
/// calm error page). Pages from the output cache, static files, health checks, the error page and the Stripe emulator
/// (which stands for another service the store's own requests call) do not take a turn. Working on every request at
/// once is no faster on a few cores: each one's objects then live until the others let it finish, and the garbage
/// collector copies them all (a fifth of the time paused at 256 connections in the benchmark).
/// </summary>
internal static class RequestConcurrency
{
    public const int DefaultConcurrentRequests = 64;
    public const int DefaultQueuedRequests = 4096;

    public static IServiceCollection AddRequestConcurrency(this IServiceCollection services, IConfiguration configuration)
    {
        var concurrent = configuration.GetValue("Store:ConcurrentRequests", DefaultConcurrentRequests);
        var queued = configuration.GetValue("Store:QueuedRequests", DefaultQueuedRequests);
        if (concurrent < 1 || queued < 0)
            throw new InvalidOperationException(
                $"Store__ConcurrentRequests ({concurrent}) must be at least 1 and Store__QueuedRequests ({queued}) at least 0.");
        var limiter = new ConcurrencyLimiterOptions
        {
            PermitLimit = concurrent,
            QueueLimit = queued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("store", _ => limiter));
            // The status code pages then show /error/503, which sets Retry-After.
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
        });
    }
}
