using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FibroStore.Web.Tests;

/// <summary>
/// An instance works on <c>Store:ConcurrentRequests</c> requests at once; the next ones wait their turn in order, and
/// past <c>Store:QueuedRequests</c> waiting a request is told to come back (503, Retry-After, the calm page). Cached
/// pages and the load balancer's probe are answered without waiting.
/// </summary>
public sealed class RequestConcurrencyTests : IAsyncLifetime
{
    private StoreFactory store = null!;

    public async Task InitializeAsync()
    {
        store = new StoreFactory()
            .With("Store:ConcurrentRequests", "1")
            .With("Store:QueuedRequests", "1")
            .With("Search:PerClientPerMinute", "100000");
        await store.InitializeAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task With_one_request_at_work_and_one_waiting_the_next_is_told_to_come_back_and_the_waiting_one_is_answered()
    {
        using var visitor = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/search?q=magnesium")).StatusCode);

        // A search reads catalog.products: while this transaction locks it, the first search holds the one turn.
        await using var products = await TableLock.TakeAsync(store.Database.ConnectionString, "catalog.products");

        var atWork = SearchAsync("heat pack at work");
        await UntilAsync(s => s.CurrentAvailablePermits == 0, "the first search to take the one turn");
        var waiting = SearchAsync("heat pack waiting");
        await UntilAsync(s => s.CurrentQueuedCount == 1, "the second search to wait its turn");

        var turnedAway = await visitor.GetAsync("/search?q=heat+pack+turned+away");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, turnedAway.StatusCode);
        Assert.NotNull(turnedAway.Headers.RetryAfter);
        var page = await turnedAway.Content.ReadAsStringAsync();
        Assert.Contains("We need a moment", page, StringComparison.Ordinal);
        // Neither the probe nor a cached page waits behind them.
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/")).StatusCode);
        Assert.False(atWork.IsCompleted);
        Assert.False(waiting.IsCompleted);

        await products.ReleaseAsync();
        Assert.Equal(HttpStatusCode.OK, await atWork);
        Assert.Equal(HttpStatusCode.OK, await waiting);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/search?q=heat+pack+after")).StatusCode);
    }

    private async Task<HttpStatusCode> SearchAsync(string query)
    {
        using var client = store.CreateBrowserClient();
        return (await client.GetAsync("/search?q=" + Uri.EscapeDataString(query))).StatusCode;
    }

    private async Task UntilAsync(Func<RateLimiterStatistics, bool> done, string what)
    {
        var limiter = store.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(limiter.GetStatistics(new DefaultHttpContext()) is { } now && done(now)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
