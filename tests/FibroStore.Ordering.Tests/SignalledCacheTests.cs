using FibroStore.SharedKernel.Clustering;

namespace FibroStore.Ordering.Tests;

/// <summary>The copy of the tax rule (and of the site settings) each instance keeps.</summary>
public sealed class SignalledCacheTests
{
    private readonly ManualClock clock = new();

    private static Func<CancellationToken, Task<string>> Loads(string value, List<string> log) => _ =>
    {
        log.Add(value);
        return Task.FromResult(value);
    };

    [Fact]
    public async Task The_copy_is_kept_until_its_topic_fires_or_it_is_a_minute_old()
    {
        var cache = new SignalledCache<string>("tax-settings", TimeSpan.FromMinutes(1), clock);
        var loads = new List<string>();
        Assert.Equal("first", await cache.GetAsync(Loads("first", loads), CancellationToken.None));
        Assert.Equal("first", await cache.GetAsync(Loads("second", loads), CancellationToken.None));

        await cache.HandleAsync("2", CancellationToken.None);
        Assert.Equal("third", await cache.GetAsync(Loads("third", loads), CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("fourth", await cache.GetAsync(Loads("fourth", loads), CancellationToken.None));
        Assert.Equal(["first", "third", "fourth"], loads);
    }

    [Fact]
    public async Task A_value_read_before_a_save_signalled_is_answered_but_not_kept()
    {
        var cache = new SignalledCache<string>("tax-settings", TimeSpan.FromMinutes(1), clock);
        var slowRead = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        // A request reads the rule just before an admin's save commits; the save's signal arrives while it is on its way back.
        var reading = cache.GetAsync(_ => slowRead.Task, CancellationToken.None);
        await cache.HandleAsync("2", CancellationToken.None);
        slowRead.SetResult("before the save");
        Assert.Equal("before the save", await reading);

        var loads = new List<string>();
        Assert.Equal("after the save", await cache.GetAsync(Loads("after the save", loads), CancellationToken.None));
        Assert.Equal(["after the save"], loads);
    }
}
