using Microsoft.AspNetCore.Hosting;
using Xunit.Abstractions;

namespace FibroStore.Web.Tests;

/// <summary>
/// The store never opens more than its pool allows; a request that cannot get a connection in time is told to come back
/// (503 with Retry-After and a calm page), never shown a 500.
/// </summary>
public sealed class ConnectionBudgetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PoolSize = 2;
    private StoreFactory store = null!;

    public async Task InitializeAsync()
    {
        store = new SmallPoolStore()
            .With("Database:PoolWaitSeconds", "3")
            .With("Search:PerClientPerMinute", "100000");
        await store.InitializeAsync();
    }

    private sealed class SmallPoolStore : StoreFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The store sets Npgsql's Timeout (pool wait and connect timeout) from Database:PoolWaitSeconds; before it did, this
            // connection string alone decided it.
            builder.UseSetting("ConnectionStrings:Store",
                new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = PoolSize, Timeout = 3 }.ConnectionString);
        }
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task Twenty_searches_on_a_pool_of_two_are_answered_200_or_503_never_500()
    {
        using var warm = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync("/search?q=magnesium")).StatusCode);

        // Searches read catalog.products: while this transaction locks it, each search that got a connection holds it,
        // so the rest of the twenty wait for the pool longer than they may.
        await using var products = await TableLock.TakeAsync(store.Database.ConnectionString, "catalog.products");

        var searches = Enumerable.Range(0, 20).Select(async i =>
        {
            using var client = store.CreateBrowserClient();
            var response = await client.GetAsync($"/search?q=heat+pack+{i}");
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter, Body: await response.Content.ReadAsStringAsync());
        }).ToList();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await WaitingOnTheLockAsync(products) < PoolSize && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        // Longer than the pool wait, so the searches still queued time out.
        await Task.Delay(TimeSpan.FromSeconds(8));
        await products.ReleaseAsync();

        var answers = await Task.WhenAll(searches);
        output.WriteLine(string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.DoesNotContain(answers, a => a.StatusCode == HttpStatusCode.InternalServerError);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        foreach (var busy in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            Assert.NotNull(busy.RetryAfter);
            Assert.Contains("We need a moment", busy.Body, StringComparison.Ordinal);
            Assert.Contains("try again", busy.Body, StringComparison.Ordinal);
        }
        // Once the pool is free again the store answers as usual.
        Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync("/search?q=magnesium")).StatusCode);
    }

    private static async Task<long> WaitingOnTheLockAsync(TableLock held)
    {
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            held.Connection, held.Transaction);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
