using FibroStore.Editorial.Pages;
using FibroStore.Editorial.Pages.Articles;
using FibroStore.TestKit;
using Mediator;

namespace FibroStore.Editorial.Tests;

/// <summary>
/// The home page's newest articles and an article's related articles and neighbours are the same for every reader, so a
/// signed-in reader's page reads them once and keeps them; publishing through the store (a writer) reaches them at once.
/// </summary>
public sealed class KeptArticleListsTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private Task<HomePage.Result> HomeAsync() =>
        store.InScopeAsync(async sp => await sp.GetRequiredService<IMediator>().Send(new HomePage.Query()));

    private Task<ShowArticle.Result?> ArticleAsync(string slug) =>
        store.InScopeAsync(async sp => await sp.GetRequiredService<IMediator>().Send(new ShowArticle.Query(slug)));

    private Task RetitleBehindTheStoresBackAsync(string slug, string title) =>
        store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Slug == slug)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, title)));

    [Fact]
    public async Task Newest_articles_and_neighbours_are_kept_until_an_article_is_published_and_then_read_afresh()
    {
        var first = await store.PublishArticleAsync("Pacing on a good day", "An excerpt.", "Some words.");
        await store.EvictionsSettledAsync();
        Assert.Equal(first, (await HomeAsync()).Newest[0].Slug);
        Assert.Null((await ArticleAsync(first))!.Next);

        // A change that bypasses the store's writers evicts nothing: readers still see what was kept.
        await RetitleBehindTheStoresBackAsync(first, "Retitled in SQL");
        Assert.Equal("Pacing on a good day", (await HomeAsync()).Newest[0].Title);

        // Publishing through the editor is a writer: the lists and the neighbours are read afresh at once.
        var second = await store.PublishArticleAsync("Warm baths before bed", "An excerpt.", "Some words.");
        var newest = (await HomeAsync()).Newest;
        Assert.Equal([second, first], newest.Take(2).Select(s => s.Slug));
        Assert.Equal("Retitled in SQL", newest[1].Title);
        Assert.Equal(second, (await ArticleAsync(first))!.Next?.Slug);
    }
}
