using AngleSharp.Html.Parser;
using FibroStore.Editorial.Pages.Staff.Articles;
using FibroStore.SharedKernel.Security;
using FibroStore.Web.Tests.Hardening;

namespace FibroStore.Web.Tests;

/// <summary>A store whose search limit is out of the way: these tests search often, all from one client.</summary>
public sealed class SearchStore : StoreFactory
{
    public SearchStore() => With("Search:PerClientPerMinute", "100000");
}

/// <summary>
/// Search results are kept in memory for a while and shown to everyone, so a repeated search costs no query; a change to
/// what search finds must reach the results at once on the instance that made it, and soon on every other one.
/// </summary>
public sealed class SearchResultCacheTests(SearchStore store) : IClassFixture<SearchStore>
{
    /// <summary>The titles the search page lists for <paramref name="query"/>, read from its HTML.</summary>
    private static async Task<IReadOnlyList<string>> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return page.QuerySelectorAll("ol.search-results li a").Select(a => a.TextContent.Trim()).ToList();
    }

    [Fact]
    public async Task A_repeated_search_is_answered_from_memory_without_a_query_to_either_module_or_the_throttle()
    {
        var word = UniqueWords.Next();
        await store.PublishArticleAsync($"Resting with {word}", "Slow evenings.", "A calm routine before bed.");
        await store.AddSellableProductAsync($"{word} heat pad", 20m, 5);
        // The saves' evictions echo back through NOTIFY a moment later; one arriving after the first search would drop what it kept.
        await store.EvictionsSettledAsync();
        using var client = store.CreateClient();
        var first = await SearchAsync(client, word);

        using var articles = new DatabaseCommandCounter(store.Database.Name, "editorial.articles");
        using var products = new DatabaseCommandCounter(store.Database.Name, "catalog.products");
        using var throttle = new DatabaseCommandCounter(store.Database.Name, "siteservices.throttle");
        // Spaces and capitals make no difference to what is found, so they make no difference to what is kept.
        var again = await SearchAsync(client, $"  {word.ToUpperInvariant()} ");

        Assert.Equal(2, first.Count);
        Assert.Equal(first, again);
        Assert.Equal((0, 0, 0), (articles.Count, products.Count, throttle.Count));
    }

    [Fact]
    public async Task A_kept_answer_is_shown_until_the_article_is_saved_and_the_saved_change_at_once_after()
    {
        var word = UniqueWords.Next();
        var (id, _) = await store.SaveArticleAsync(null, $"Pacing with {word}", "Little and often.", "Rest before you tire.", EditArticle.SaveIntent.Publish);
        using var client = store.CreateClient();
        Assert.Equal([$"Pacing with {word}"], await SearchAsync(client, word));

        // Changed behind the store's back, without the eviction a save sends: the kept answer is still shown.
        await store.SqlAsync("UPDATE editorial.articles SET title = @title WHERE id = @id", ("title", $"Edited in SQL {word}"), ("id", id));
        Assert.Equal([$"Pacing with {word}"], await SearchAsync(client, word));

        await store.SaveArticleAsync(id, $"Pacing gently with {word}", "Little and often.", "Rest before you tire.", EditArticle.SaveIntent.Save);
        Assert.Equal([$"Pacing gently with {word}"], await SearchAsync(client, word));
    }

    [Fact]
    public async Task An_unpublished_article_and_a_product_taken_off_sale_leave_the_results_at_once()
    {
        var word = UniqueWords.Next();
        var (id, _) = await store.SaveArticleAsync(null, $"Warmth and {word}", "On heat.", "A warm pad helps.", EditArticle.SaveIntent.Publish);
        var product = await store.AddSellableProductAsync($"{word} wheat bag", 18m, 4);
        using var client = store.CreateClient();
        Assert.Equal(2, (await SearchAsync(client, word)).Count);

        await store.SaveArticleAsync(id, $"Warmth and {word}", "On heat.", "A warm pad helps.", EditArticle.SaveIntent.Unpublish);
        Assert.Equal([$"{word} wheat bag"], await SearchAsync(client, word));

        await store.SetProductStatusAsync(product.ProductId, "Draft");
        Assert.Empty(await SearchAsync(client, word));
    }

    [Fact]
    public async Task A_draft_is_found_by_nobody_not_even_the_editor_and_is_found_at_once_when_published()
    {
        var word = UniqueWords.Next();
        var (id, _) = await store.SaveArticleAsync(null, $"Drafting {word}", "Not yet.", "Still being written.", EditArticle.SaveIntent.Save);
        var product = await store.AddSellableProductAsync($"{word} sleep mask", 9m, 3);
        await store.SetProductStatusAsync(product.ProductId, "Draft");
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        using var visitor = store.CreateClient();

        Assert.Empty(await SearchAsync(editor.Http, word));
        Assert.Empty(await SearchAsync(visitor, word));

        await store.SaveArticleAsync(id, $"Drafting {word}", "Not yet.", "Still being written.", EditArticle.SaveIntent.Publish);
        Assert.Equal([$"Drafting {word}"], await SearchAsync(visitor, word));
    }

    [Fact]
    public async Task A_change_saved_on_one_instance_reaches_the_answer_another_instance_kept()
    {
        var other = new SearchStore().SharingDatabaseWith(store);
        await other.InitializeAsync();
        try
        {
            var word = UniqueWords.Next();
            var (id, _) = await store.SaveArticleAsync(null, $"Fog days and {word}", "Lists help.", "Write it down.", EditArticle.SaveIntent.Publish);
            using var onOther = other.CreateClient();
            Assert.Equal([$"Fog days and {word}"], await SearchAsync(onOther, word));

            await store.SaveArticleAsync(id, $"Fog days and {word}", "Lists help.", "Write it down.", EditArticle.SaveIntent.Unpublish);

            // The other instance hears of it through PostgreSQL NOTIFY, a moment after the save (its answer is kept a minute).
            await store.WaitUntilAsync(async () => (await SearchAsync(onOther, word)).Count == 0, "the other instance's kept answer dropped");
        }
        finally
        {
            await ((IAsyncLifetime)other).DisposeAsync();
        }
    }
}
