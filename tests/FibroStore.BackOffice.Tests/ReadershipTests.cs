namespace FibroStore.BackOffice.Tests;

/// <summary>Article views and product-card clicks, counted by the store itself with nothing about the reader.</summary>
public sealed class ReadershipTests : IAsyncLifetime
{
    private readonly DashboardStore store = new();

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    private static async Task<HttpResponseMessage> VisitAsync(BrowserClient client, string url, string userAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await client.Http.SendAsync(request);
    }

    private async Task<long> StoredAsync(string sql, Guid articleId) =>
        (long)(await store.SqlAsync(sql, ("id", articleId)) ?? 0L);

    [Fact]
    public async Task Rendered_and_cached_article_pages_count_as_views_and_robots_do_not()
    {
        var (articleId, slug) = await store.PublishArticleAsync("Warmth before bed");
        using var reader = store.CreateBrowserClient();
        const string browser = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130";

        var first = await VisitAsync(reader, $"/articles/{slug}", browser);
        var second = await VisitAsync(reader, $"/articles/{slug}", browser);
        var third = await VisitAsync(reader, $"/articles/{slug}", browser);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // The same bytes again: the later answers came from the output cache, where no page code runs.
        Assert.Equal(await first.Content.ReadAsStringAsync(), await third.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await VisitAsync(reader, $"/articles/{slug}", "Googlebot/2.1 (+http://www.google.com/bot.html)")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await VisitAsync(reader, $"/articles/{slug}", "Mozilla/5.0 (compatible; SomeCrawler/1.0)")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await VisitAsync(reader, "/articles/no-such-article", browser)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        Assert.Equal(0, await StoredAsync("SELECT coalesce(sum(views), 0)::bigint FROM editorial.article_views WHERE article_id = @id", articleId));
        await store.FlushReadershipAsync();

        Assert.Equal(3, await StoredAsync("SELECT coalesce(sum(views), 0)::bigint FROM editorial.article_views WHERE article_id = @id", articleId));
        Assert.Equal(1L, (long)(await store.SqlAsync("SELECT count(*) FROM editorial.article_views"))!);
    }

    [Fact]
    public async Task Two_instances_add_their_counts_together()
    {
        var (articleId, slug) = await store.PublishArticleAsync("Gentle stretches");
        var second = new DashboardStore().SharingDatabaseWith(store);
        await second.InitializeAsync();
        try
        {
            using var one = store.CreateBrowserClient();
            using var two = second.CreateBrowserClient();
            for (var i = 0; i < 2; i++) await VisitAsync(one, $"/articles/{slug}", "Mozilla/5.0");
            await store.FlushReadershipAsync();
            for (var i = 0; i < 3; i++) await VisitAsync(two, $"/articles/{slug}", "Mozilla/5.0");
            await VisitAsync(one, $"/articles/{slug}", "Mozilla/5.0");
            await second.FlushReadershipAsync();
            await store.FlushReadershipAsync();
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }

        Assert.Equal(6, await StoredAsync("SELECT coalesce(sum(views), 0)::bigint FROM editorial.article_views WHERE article_id = @id", articleId));
    }

    [Fact]
    public async Task A_click_on_a_product_card_counts_with_its_article_and_leads_to_the_product()
    {
        var (articleId, slug) = await store.PublishArticleAsync("Heat that helps");
        using var reader = store.CreateBrowserClient();
        var page = await reader.GetPageAsync($"/articles/{slug}");
        var link = $"/go/product/heat-pad?from={articleId:N}";
        Assert.Contains($"href=\"{link.Replace("&", "&amp;", StringComparison.Ordinal)}\"", page, StringComparison.Ordinal);

        var click = await VisitAsync(reader, link, "Mozilla/5.0");
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal("/products/heat-pad", click.Headers.Location?.OriginalString);
        await VisitAsync(reader, link, "Mozilla/5.0");
        await VisitAsync(reader, link, "Bingbot/2.0");
        Assert.Equal(HttpStatusCode.NotFound, (await VisitAsync(reader, $"/go/product/unknown?from={articleId:N}", "Mozilla/5.0")).StatusCode);
        await store.FlushReadershipAsync();

        Assert.Equal(2, await StoredAsync("SELECT coalesce(sum(clicks), 0)::bigint FROM editorial.product_card_clicks WHERE article_id = @id", articleId));
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var html = await admin.GetPageAsync("/staff?period=today");
        Assert.Equal([("Heat that helps", "2")], Pages.ChartData(html, "chart-shop-leads"));
    }

    [Fact]
    public async Task The_counts_keep_nothing_about_the_reader()
    {
        var columns = new List<string>();
        var names = (string)(await store.SqlAsync("""
            SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name)
            FROM information_schema.columns WHERE table_schema = 'editorial' AND table_name IN ('article_views', 'product_card_clicks')
            """))!;
        columns.AddRange(names.Split(','));
        Assert.Equal(["article_views.article_id", "article_views.day", "article_views.views",
            "product_card_clicks.article_id", "product_card_clicks.clicks", "product_card_clicks.day", "product_card_clicks.product_slug"], columns);
    }
}
