using System.Security.Cryptography;
using System.Text;
using FibroStore.SiteServices.Contracts;

namespace FibroStore.Web.Tests;

/// <summary>
/// The PostgreSQL throttle behind every per-client limit (sign-in, registration, checkout starts, search…), on a
/// clock the test moves. Each test has a store of its own.
/// </summary>
public sealed class RequestThrottleTests : IAsyncLifetime
{
    private const string Secret = "request-throttle-test-secret-of-32-characters";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly ManualClock clock = new();
    private readonly StoreFactory store;

    public RequestThrottleTests() => store = new StoreFactory().WithClock(clock).With("Throttle:KeySecret", Secret);

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    private IRequestThrottle Throttle => store.Services.GetRequiredService<IRequestThrottle>();

    private static string NewKey() => $"test:{Guid.NewGuid():N}";

    private Task<bool[]> AttemptAtOnceAsync(string key, int attempts, int limit) =>
        Task.WhenAll(Enumerable.Range(0, attempts).Select(_ => Task.Run(() => Throttle.TryAcquireAsync(key, limit, Minute, CancellationToken.None))));

    [Fact]
    public async Task Fifty_attempts_at_once_under_a_limit_of_thirty_let_exactly_thirty_through_also_across_a_slice_of_the_window()
    {
        var key = NewKey();

        var first = await AttemptAtOnceAsync(key, 50, 30);
        Assert.Equal(30, first.Count(allowed => allowed));

        var other = NewKey();
        Assert.Equal(12, (await AttemptAtOnceAsync(other, 12, 30)).Count(allowed => allowed));
        // Twenty seconds on, in a later slice of the same minute: the earlier twelve still count.
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(18, (await AttemptAtOnceAsync(other, 50, 30)).Count(allowed => allowed));
        Assert.True(await Throttle.RetryAfterAsync(other, 30, Minute, CancellationToken.None) > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_limit_is_never_looser_than_a_count_of_the_last_window_even_across_the_minute_and_lifts_soon_after()
    {
        // A second before a whole minute, where a counter that starts afresh each minute would forget the first attempt.
        var now = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromTicks(Minute.Ticks - now.UtcTicks % Minute.Ticks) - TimeSpan.FromSeconds(1));
        var key = NewKey();
        Assert.True(await Throttle.TryAcquireAsync(key, 3, Minute, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True(await Throttle.TryAcquireAsync(key, 3, Minute, CancellationToken.None));
        Assert.True(await Throttle.TryAcquireAsync(key, 3, Minute, CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(await Throttle.TryAcquireAsync(key, 3, Minute, CancellationToken.None));
        // The first attempt leaves the last minute in a second; it is forgotten then, or at most a tenth of a minute later.
        var wait = await Throttle.RetryAfterAsync(key, 3, Minute, CancellationToken.None);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7));

        clock.Advance(wait);
        Assert.True(await Throttle.TryAcquireAsync(key, 3, Minute, CancellationToken.None));
        Assert.False(await Throttle.TryAcquireAsync(key, 3, Minute, CancellationToken.None));
    }

    [Fact]
    public async Task A_busy_key_keeps_one_row_per_slice_of_its_window_however_many_attempts_it_makes()
    {
        var key = NewKey();
        for (var i = 0; i < 100; i++)
            Assert.True(await Throttle.TryAcquireAsync(key, 1000, Minute, CancellationToken.None));

        var stored = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(key)));
        var rows = (long)(await store.SqlAsync("SELECT count(*) FROM siteservices.throttle_counts WHERE key = @k", ("k", stored)))!;
        var counted = (long)(await store.SqlAsync("SELECT sum(count)::bigint FROM siteservices.throttle_counts WHERE key = @k", ("k", stored)))!;
        Assert.Equal((1L, 100L), (rows, counted));
    }
}
