namespace FibroStore.Web.Tests.Hardening;

/// <summary>A store whose search allows three searches a minute per client, and which reads clients' addresses from X-Forwarded-For.</summary>
public sealed class ThrottledSearchStore : StoreFactory
{
    public ThrottledSearchStore()
    {
        With("Search:PerClientPerMinute", "3");
        With("Store:BehindProxy", "true");
        // Instances of one store share the secret its throttle keys are hashed with, as they share the database.
        With("Throttle:KeySecret", "search-throttle-test-secret-of-32-characters");
    }
}

/// <summary>Requests that are cheap to send and would be dear to answer are throttled or answered from memory.</summary>
public sealed class CheapRequestTests(ThrottledSearchStore store) : IClassFixture<ThrottledSearchStore>
{
    [Fact]
    public async Task Searching_more_often_than_the_limit_is_paused_for_that_client_only_with_429_and_retry_after()
    {
        using var client = store.CreateClient();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.0.1", $"heat {i}")).StatusCode);
        var refused = await SearchAsync(client, "10.20.0.1", "heat again");

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        var wait = refused.Headers.RetryAfter?.Delta;
        Assert.True(wait is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After should be 1 to 60 seconds, was {wait}");
        Assert.Contains("You have searched many times in a short while", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.0.2", "heat")).StatusCode);
        // The empty search form costs nothing and stays open.
        Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.0.1", "")).StatusCode);
    }

    [Fact]
    public async Task A_search_answered_from_memory_is_not_counted_against_the_client()
    {
        // An earlier test's eviction echoing back mid-way would drop the kept answer and make a repeat count.
        await store.EvictionsSettledAsync();
        using var client = store.CreateClient();
        var query = $"calm {Guid.NewGuid():N}";

        // Three searches a minute: the first runs and is counted, its repeats are answered from memory.
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.3.1", query)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.3.1", query + " second")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.3.1", query + " third")).StatusCode);

        Assert.Equal((HttpStatusCode)429, (await SearchAsync(client, "10.20.3.1", query + " fourth")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.3.1", query)).StatusCode);
    }

    [Fact]
    public async Task Two_instances_on_one_database_share_a_clients_search_count()
    {
        var other = new ThrottledSearchStore().SharingDatabaseWith(store);
        await other.InitializeAsync();
        try
        {
            using var onA = store.CreateClient();
            using var onB = other.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await SearchAsync(onA, "10.20.1.1", "wheat")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SearchAsync(onB, "10.20.1.1", "wool")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SearchAsync(onA, "10.20.1.1", "lavender")).StatusCode);

            // Three searches in all: the fourth is refused on either instance, though neither has seen three.
            Assert.Equal((HttpStatusCode)429, (await SearchAsync(onB, "10.20.1.1", "cherry")).StatusCode);
            Assert.Equal((HttpStatusCode)429, (await SearchAsync(onA, "10.20.1.1", "cherry")).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)other).DisposeAsync();
        }
    }

    [Fact]
    public async Task Counting_a_search_costs_one_command_to_the_database()
    {
        using var client = store.CreateClient();
        using var throttle = new DatabaseCommandCounter(store.Database.Name, "siteservices.throttle_counts");

        Assert.Equal(HttpStatusCode.OK, (await SearchAsync(client, "10.20.2.1", "heat pack")).StatusCode);

        Assert.Equal(1, throttle.Count);
    }

    [Fact]
    public async Task The_shop_ignores_query_keys_it_does_not_use_instead_of_caching_a_page_for_each()
    {
        await store.AddSellableProductAsync("Cache key wheat bag", 20m, 3);
        await store.EvictionsSettledAsync();
        using var client = store.CreateClient();
        var canonical = await client.GetStringAsync("/shop?sort=name");

        using var queries = new DatabaseCommandCounter(store.Database.Name, "catalog.products");
        var tagged = await client.GetStringAsync("/shop?sort=name&utm_source=newsletter");
        var random = await client.GetStringAsync($"/shop?sort=name&{Guid.NewGuid():N}=1");

        Assert.Equal(canonical, tagged);
        Assert.Equal(canonical, random);
        Assert.Equal(0, queries.Count);
    }

    [Fact]
    public async Task The_shop_still_makes_a_page_for_each_filter_it_lists()
    {
        using var client = store.CreateClient();
        await client.GetStringAsync("/shop?sort=name");

        using var queries = new DatabaseCommandCounter(store.Database.Name, "catalog.products");
        await client.GetStringAsync("/shop?sort=price-asc");

        Assert.True(queries.Count > 0, "A different sort order is a different page and must be read from the catalog.");
    }

    [Fact]
    public async Task A_missing_media_file_is_looked_up_once_then_answered_404_from_memory()
    {
        using var client = store.CreateClient();
        var path = $"/media/catalog/{Guid.NewGuid():N}.webp";
        using var queries = new DatabaseCommandCounter(store.Database.Name, "stored_files");

        var first = await client.GetAsync(path);
        var again = await client.GetAsync(path);
        var third = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, third.StatusCode);
        Assert.Equal(1, queries.Count);
    }

    private static Task<HttpResponseMessage> SearchAsync(HttpClient client, string clientAddress, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/search?q=" + Uri.EscapeDataString(query));
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return client.SendAsync(request);
    }
}
