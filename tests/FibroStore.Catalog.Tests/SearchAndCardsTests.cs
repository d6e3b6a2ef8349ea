using System.Collections.Concurrent;
using System.Diagnostics;
using FibroStore.Catalog.Contracts;
using FibroStore.SharedKernel.Search;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static FibroStore.Catalog.Tests.CatalogTestData;

namespace FibroStore.Catalog.Tests;

public sealed class SearchAndCardsTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int max = 10) =>
        store.InScopeAsync(sp => sp.GetServices<ISiteSearchSource>().Single(s => s.Kind == "Product").SearchAsync(query, max, default));

    [Fact]
    public async Task Search_finds_products_by_words_typos_and_sku_but_never_drafts()
    {
        var product = await store.AddProductAsync("Magnesium Glycinate Capsules");
        await store.AddProductAsync("Magnesium Draft Powder", ProductStatus.Draft, null);

        var byWord = await SearchAsync("glycinate");
        var byTypo = await SearchAsync("magnesum");
        var bySku = await SearchAsync(product.Variants[0].Sku.ToLowerInvariant());
        var drafts = await SearchAsync("powder");

        Assert.Contains(byWord, h => h.Title == product.Name && h.Url == $"/products/{product.Slug}");
        Assert.Contains(byTypo, h => h.Title == product.Name);
        Assert.Contains(bySku, h => h.Title == product.Name);
        Assert.Empty(drafts);
        Assert.Contains("<mark>", byWord.First(h => h.Title == product.Name).SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_escapes_markup_in_queries_and_snippets()
    {
        await store.AddProductAsync("<b>Bold</b> blanket");
        var hits = await SearchAsync("<script>blanket");
        Assert.All(hits, h => Assert.DoesNotContain("<b>", h.SnippetHtml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_match_comes_first_when_description_only_matches_outnumber_the_short_list()
    {
        // A made-up word no other product in the class's database contains.
        var word = UniqueWords.Next();
        var named = await store.AddProductAsync($"Zephyr {word} wrap");
        // Three results asked for: the short list holds six, and seven products mention the word in their description
        // alone, each before the named one in name order.
        var described = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var product = await store.AddProductAsync($"Alpine cushion {i} {word[^4..]}");
            await store.InScopeAsync(sp => sp.GetRequiredService<FibroStore.Catalog.Data.CatalogDbContext>().Products
                .Where(p => p.Id == product.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Description, $"Pairs well with a {word} on longer evenings.")));
            described.Add(product.Name);
        }

        var hits = await SearchAsync(word, 3);

        Assert.Equal(3, hits.Count);
        Assert.Equal(named.Name, hits[0].Title);
        Assert.All(hits.Skip(1), h => Assert.Contains(h.Title, described));
    }

    [Fact]
    public async Task Header_search_page_lists_products()
    {
        var product = await store.AddProductAsync("Lavender Wheat Bag");
        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync("/search?q=lavender");
        Assert.Contains($"href=\"/products/{product.Slug}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cards_by_slug_skip_unknown_and_draft_products()
    {
        var live = await store.AddProductAsync("Live card", new VariantSpec(Variant.DefaultName, 12.5m, 2, CompareAt: 15m));
        var draft = await store.AddProductAsync("Draft card", ProductStatus.Draft, null);

        var cards = await store.InScopeAsync(sp => sp.GetRequiredService<IProductCatalog>()
            .GetCardsBySlugAsync([live.Slug, draft.Slug, "nope"], default));

        var card = Assert.Single(cards).Value;
        Assert.Equal((12.5m, 15m, "USD", "Only 2 left", true), (card.Price, card.CompareAtPrice, card.Currency, card.Availability, card.CanBuy));
        Assert.Equal($"/products/{live.Slug}", card.Url);
    }

    [Fact]
    public async Task A_page_of_cards_costs_the_same_number_of_queries_whatever_its_size()
    {
        var few = new List<string>();
        var many = new List<string>();
        for (var i = 0; i < 3; i++) few.Add((await store.AddProductAsync($"Few {i}", new VariantSpec("A", 5m, 5), new VariantSpec("B", 6m, 5))).Slug);
        for (var i = 0; i < 24; i++) many.Add((await store.AddProductAsync($"Many {i}", new VariantSpec("A", 5m, 5), new VariantSpec("B", 6m, 5))).Slug);

        var fewQueries = await CountQueriesAsync(sp => sp.GetRequiredService<IProductCatalog>().GetCardsBySlugAsync(few, default));
        var manyQueries = await CountQueriesAsync(sp => sp.GetRequiredService<IProductCatalog>().GetCardsBySlugAsync(many, default));

        Assert.Equal(1, fewQueries);
        Assert.Equal(1, manyQueries);
    }

    [Fact]
    public async Task Featured_cards_are_only_active_featured_products()
    {
        var product = await store.AddProductAsync("Featured thing");
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<FibroStore.Catalog.Data.CatalogDbContext>();
            (await db.Products.FindAsync(product.Id))!.IsFeatured = true;
            await db.SaveChangesAsync();
        });
        var featured = await store.InScopeAsync(sp => sp.GetRequiredService<IProductCatalog>().GetFeaturedAsync(8, default));
        Assert.Contains(featured, c => c.Slug == product.Slug);
    }

    /// <summary>Counts the SQL commands EF sends while <paramref name="work"/> runs in a fresh scope.</summary>
    private async Task<int> CountQueriesAsync(Func<IServiceProvider, Task> work)
    {
        var counter = new CommandCounter();
        using var subscription = DiagnosticListener.AllListeners.Subscribe(counter);
        // EF re-checks whether anyone listens at most once a second (its logging cache time), and contexts are pooled: a
        // context leased from before the subscription would not report its commands until that second has passed.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var scope = store.Services.CreateAsyncScope();
        // Only this scope's context: background work (outbox polling) shares the database.
        counter.Context = scope.ServiceProvider.GetRequiredService<FibroStore.Catalog.Data.CatalogDbContext>();
        counter.Counting = true;
        await work(scope.ServiceProvider);
        counter.Counting = false;
        return counter.Count;
    }

    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private readonly ConcurrentBag<IDisposable> subscriptions = [];
        private int count;
        public volatile bool Counting;
        public DbContext? Context;
        public int Count => count;

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (Counting && e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
                && ReferenceEquals(data.Context, Context))
                Interlocked.Increment(ref count);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
