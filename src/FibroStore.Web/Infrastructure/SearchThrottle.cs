using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// Each search runs full-text queries on two modules' tables, so one client may search only so often
/// (<c>Search:PerClientPerMinute</c>, 30 by default). Counted in each instance's memory, not in PostgreSQL:
/// recording every search in the database would cost about as much as the search it guards.
/// </summary>
internal static class SearchThrottle
{
    public const string Policy = "search";

    public static WebApplicationBuilder AddSearchThrottle(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue("Search:PerClientPerMinute", 30);
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, http =>
                // The search form itself, without a query, costs nothing.
                string.IsNullOrWhiteSpace(http.Request.Query["q"])
                    ? RateLimitPartition.GetNoLimiter("form")
                    : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                ErrorPageMessage.Set(rejected.HttpContext,
                    $"You have searched many times in a short while, so we have paused searching for a moment. Please try again in {Describe(seconds)}.");
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    private static string Describe(int seconds) => seconds switch
    {
        1 => "a second",
        < 60 => $"{seconds} seconds",
        _ => "a minute",
    };
}
