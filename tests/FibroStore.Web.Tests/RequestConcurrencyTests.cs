using System.Globalization;
using Xunit.Abstractions;

namespace FibroStore.Web.Tests;

/// <summary>
/// The store works on a set number of requests at once; the next ones wait their turn in order, and past the queue
/// are told to come back (503 with Retry-After and the calm page), never a 500. Cached pages, health checks and the
/// Stripe emulator (which the store's own requests call) never wait for a turn.
/// </summary>
public sealed class RequestConcurrencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Working = 2;
    private const int Waiting = 3;
    private readonly StoreFactory store = new StoreFactory()
        .With("Store:ConcurrentRequests", Working.ToString(CultureInfo.InvariantCulture))
        .With("Store:QueuedRequests", Waiting.ToString(CultureInfo.InvariantCulture))
        .With("Search:PerClientPerMinute", "100000");

    public Task InitializeAsync() => store.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task Requests_past_the_limit_wait_in_order_and_past_the_queue_are_asked_to_come_back()
    {
        using var browser = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/search?q=magnesium")).StatusCode);
        // Cached now: the next visitor is answered from the output cache.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        // Searches read catalog.products: while this transaction locks it, each search at work holds its turn.
        await using var blocker = new NpgsqlConnection(store.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("LOCK TABLE catalog.products IN ACCESS EXCLUSIVE MODE", blocker, tx))
            await take.ExecuteNonQueryAsync();

        var atWork = Enumerable.Range(0, Working).Select(i => SearchAsync($"heat pack {i}")).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await WaitingOnTheLockAsync(blocker, tx) < Working && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(Working, await WaitingOnTheLockAsync(blocker, tx));

        // One at a time, so the queue fills in a known order.
        var queued = new List<Task<Answer>>();
        for (var i = 0; i < Waiting; i++)
        {
            queued.Add(SearchAsync($"sleep aid {i}"));
            await Task.Delay(300);
        }
        var turnedAway = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SearchAsync($"wheat bag {i}")));

        // What never waits for a turn is still answered while every turn is taken.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health/live")).StatusCode);
        var cachedHome = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, cachedHome.StatusCode);
        var emulatorPage = await browser.GetAsync("/stripe-emulator/pay/cs_test_no_such_session");
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, emulatorPage.StatusCode);
        // Nothing queued has been let through while the first two still work.
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        Assert.Equal(Working, await WaitingOnTheLockAsync(blocker, tx));

        await tx.CommitAsync();
        var done = await Task.WhenAll(atWork.Concat(queued));
        output.WriteLine(string.Join(", ", done.Concat(turnedAway).GroupBy(a => (int)a.Status).Select(g => $"{g.Key}: {g.Count()}")));

        Assert.All(done, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(turnedAway, a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.NotNull(a.RetryAfter);
            Assert.Contains("We need a moment", a.Body, StringComparison.Ordinal);
        });
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/search?q=wheat+bag")).StatusCode);
    }

    private sealed record Answer(HttpStatusCode Status, System.Net.Http.Headers.RetryConditionHeaderValue? RetryAfter, string Body);

    private async Task<Answer> SearchAsync(string words)
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(words));
        return new Answer(response.StatusCode, response.Headers.RetryAfter, await response.Content.ReadAsStringAsync());
    }

    private static async Task<long> WaitingOnTheLockAsync(NpgsqlConnection blocker, NpgsqlTransaction tx)
    {
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", blocker, tx);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
