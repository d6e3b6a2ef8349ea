using FibroStore.SharedKernel.Clustering;

namespace FibroStore.Web.Tests;

/// <summary>A kept read that expires under load is read again once, not by every request that arrives meanwhile.</summary>
public sealed class ReadResultCacheTests
{
    private sealed record Key(string Name);

    [Fact]
    public async Task Concurrent_misses_for_one_key_share_one_read()
    {
        using var cache = new ReadResultCache();
        var reads = 0;
        var release = new TaskCompletionSource();
        async Task<string> Read(CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            await release.Task.WaitAsync(ct);
            return "listing";
        }

        var requests = Enumerable.Range(0, 20).Select(_ => cache.GetOrReadAsync("catalog", new Key("shop"), Read, _ => 10, CancellationToken.None)).ToList();
        await Task.Delay(100);
        release.SetResult();
        var answers = await Task.WhenAll(requests);

        Assert.Equal(1, reads);
        Assert.All(answers, a => Assert.Equal("listing", a));
    }

    [Fact]
    public async Task When_the_shared_read_fails_each_waiting_request_reads_for_itself()
    {
        using var cache = new ReadResultCache();
        var reads = 0;
        var firstStarted = new TaskCompletionSource();
        var failFirst = new TaskCompletionSource();
        async Task<string> Read(CancellationToken ct)
        {
            if (Interlocked.Increment(ref reads) == 1)
            {
                firstStarted.SetResult();
                await failFirst.Task;
                throw new InvalidOperationException("The first request went away.");
            }
            return "listing";
        }

        var first = cache.GetOrReadAsync("catalog", new Key("shop"), Read, _ => 10, CancellationToken.None);
        await firstStarted.Task;
        var waiting = cache.GetOrReadAsync("catalog", new Key("shop"), Read, _ => 10, CancellationToken.None);
        failFirst.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Equal("listing", await waiting);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_request_after_a_change_does_not_share_a_read_begun_before_it()
    {
        using var cache = new ReadResultCache();
        var reads = 0;
        var price = "9.00";
        var release = new TaskCompletionSource();
        async Task<string> Read(CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            var seen = price;
            await release.Task.WaitAsync(ct);
            return seen;
        }

        var before = cache.GetOrReadAsync("catalog", new Key("shop"), Read, _ => 10, CancellationToken.None);
        price = "7.50";
        cache.Evict("catalog");
        var after = cache.GetOrReadAsync("catalog", new Key("shop"), Read, _ => 10, CancellationToken.None);
        release.SetResult();

        Assert.Equal("9.00", await before);
        Assert.Equal("7.50", await after);
        // What is kept is the read made after the change, whichever of the two finished last.
        Assert.Equal("7.50", await cache.GetOrReadAsync("catalog", new Key("shop"), Read, _ => 10, CancellationToken.None));
        Assert.Equal(2, reads);
    }
}
