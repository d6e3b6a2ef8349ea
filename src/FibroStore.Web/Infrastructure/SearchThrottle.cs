using System.Globalization;
using FibroStore.SiteServices.Contracts;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// A search that is not in the result cache runs full-text queries on two modules' tables, so one client may make
/// only so many of those (<c>Search:PerClientPerMinute</c>, 30 by default). Counted in the store's PostgreSQL throttle,
/// so the limit holds across every instance; counting costs one round trip to the database.
/// </summary>
public sealed class SearchThrottle(IRequestThrottle throttle, int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Counts a search by the client of <paramref name="http"/>; null when it may go ahead, else how long to wait.</summary>
    public async Task<TimeSpan?> WaitBeforeSearchingAsync(HttpContext http, CancellationToken ct)
    {
        var key = $"search:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
        if (await throttle.TryAcquireAsync(key, perMinute, Window, ct))
            return null;
        // Only a refused search asks the database a second time, and it then runs no search at all.
        var wait = await throttle.RetryAfterAsync(key, perMinute, Window, ct);
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>The message and Retry-After header of a refused search.</summary>
    public static string Refuse(HttpResponse response, TimeSpan wait)
    {
        var seconds = Math.Clamp((int)Math.Ceiling(wait.TotalSeconds), 1, (int)Window.TotalSeconds);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return $"You have searched many times in a short while, so we have paused searching for a moment. Please try again in {Describe(seconds)}.";
    }

    private static string Describe(int seconds) => seconds switch
    {
        1 => "a second",
        < 60 => $"{seconds} seconds",
        _ => "a minute",
    };
}

internal static class SearchThrottleRegistration
{
    public static WebApplicationBuilder AddSearchThrottle(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue("Search:PerClientPerMinute", 30);
        if (perMinute < 1)
            throw new InvalidOperationException($"Search__PerClientPerMinute is {perMinute}; set it to 1 or more (30 by default).");
        builder.Services.AddSingleton(sp => new SearchThrottle(sp.GetRequiredService<IRequestThrottle>(), perMinute));
        return builder;
    }
}
