using FibroStore.Catalog.Contracts;
using FibroStore.Catalog.Pages.Products;
using FibroStore.Catalog.Pages.Shop;
using Mediator;
using static FibroStore.Catalog.Tests.CatalogTestData;

namespace FibroStore.Catalog.Tests;

/// <summary>
/// A listing and a product's related cards are the same for every shopper, so they are read once and kept; a change
/// made through the store (a stock hold, a staff save) reaches them at once, because every writer evicts them.
/// </summary>
public sealed class CatalogReadsTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    private Task<ShopResult?> ShopAsync(string category) =>
        store.InScopeAsync(async sp => await sp.GetRequiredService<IMediator>().Send(new ShopQuery(category, null, null, false, "newest", 1)));

    private Task<ShowProduct.View?> ProductAsync(string slug) =>
        store.InScopeAsync(async sp => await sp.GetRequiredService<IMediator>().Send(new ShowProduct.Query(slug)));

    private Task RenameBehindTheStoresBackAsync(Guid productId, string name) =>
        store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Products.Where(p => p.Id == productId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, name)));

    [Fact]
    public async Task A_listing_is_kept_until_a_stock_hold_changes_it_and_then_shows_the_change_at_once()
    {
        var category = Unique("evening");
        await store.AddCategoryAsync(category, "Evening");
        var product = await store.AddProductAsync("Lavender pillow mist", ProductStatus.Active, category, new VariantSpec(Variant.DefaultName, 9m, 1));
        await store.EvictionsSettledAsync();
        var first = Assert.Single((await ShopAsync(category))!.Cards);
        Assert.True(first.CanBuy);

        // A change that bypasses the store's writers evicts nothing, so the kept listing is what shoppers still see.
        await RenameBehindTheStoresBackAsync(product.Id, "Renamed in SQL");
        Assert.Equal("Lavender pillow mist", Assert.Single((await ShopAsync(category))!.Cards).Name);

        // A checkout holding the last one is a writer: it evicts, so the next listing is read afresh.
        var held = await store.InScopeAsync(sp => sp.GetRequiredService<ICatalogStock>()
            .ReserveAsync(Guid.NewGuid(), [new StockLine(product.Variants[0].Id, 1)], DateTimeOffset.UtcNow.AddMinutes(30), default));
        Assert.True(held.Succeeded);
        var after = Assert.Single((await ShopAsync(category))!.Cards);
        Assert.Equal("Renamed in SQL", after.Name);
        Assert.False(after.CanBuy);
    }

    [Fact]
    public async Task A_hold_and_a_sale_that_leave_the_stock_in_the_same_words_keep_the_listing_and_one_that_changes_them_evicts_it()
    {
        var category = Unique("night");
        await store.AddCategoryAsync(category, "Night");
        var product = await store.AddProductAsync("Weighted eye pillow", ProductStatus.Active, category, new VariantSpec(Variant.DefaultName, 14m, 40));
        var variant = product.Variants[0].Id;
        await store.EvictionsSettledAsync();
        Assert.Equal("In stock", Assert.Single((await ShopAsync(category))!.Cards).Availability);
        await RenameBehindTheStoresBackAsync(product.Id, "Renamed in SQL");

        // 40 in stock, one held and then sold: still "In stock", so no instance is told to drop anything.
        var sale = Guid.NewGuid();
        Assert.True((await ReserveAsync(sale, variant, 1)).Succeeded);
        Assert.Equal(CommitOutcome.Committed, await store.InScopeAsync(sp => sp.GetRequiredService<ICatalogStock>().CommitAsync(sale, default)));
        await store.EvictionsSettledAsync();
        Assert.Equal("Weighted eye pillow", Assert.Single((await ShopAsync(category))!.Cards).Name);

        // 39 less 36 held is 3 left, which the shop says: the listing is read afresh at once.
        var hold = Guid.NewGuid();
        Assert.True((await ReserveAsync(hold, variant, 36)).Succeeded);
        var card = Assert.Single((await ShopAsync(category))!.Cards);
        Assert.Equal(("Renamed in SQL", "Only 3 left"), (card.Name, card.Availability));

        // Released, the 36 make it "In stock" again, which the shop says at once too.
        await RenameBehindTheStoresBackAsync(product.Id, "Renamed again");
        Assert.True(await store.InScopeAsync(sp => sp.GetRequiredService<ICatalogStock>().ReleaseAsync(hold, default)));
        card = Assert.Single((await ShopAsync(category))!.Cards);
        Assert.Equal(("Renamed again", "In stock"), (card.Name, card.Availability));
    }

    private Task<StockReservationResult> ReserveAsync(Guid id, Guid variant, int quantity) =>
        store.InScopeAsync(sp => sp.GetRequiredService<ICatalogStock>()
            .ReserveAsync(id, [new StockLine(variant, quantity)], DateTimeOffset.UtcNow.AddMinutes(30), default));

    [Fact]
    public async Task A_products_related_cards_and_a_new_category_reach_shoppers_once_the_store_evicts()
    {
        var category = Unique("warmth");
        await store.AddCategoryAsync(category, "Warmth");
        var shown = await store.AddProductAsync("Wheat bag", ProductStatus.Active, category);
        var related = await store.AddProductAsync("Wool hot water bottle cover", ProductStatus.Active, category);
        await store.EvictionsSettledAsync();
        Assert.Equal(["Wool hot water bottle cover"], (await ProductAsync(shown.Slug))!.Related.Select(c => c.Name));

        await RenameBehindTheStoresBackAsync(related.Id, "Renamed in SQL");
        Assert.Equal(["Wool hot water bottle cover"], (await ProductAsync(shown.Slug))!.Related.Select(c => c.Name));

        // The test data builder evicts as the staff pages do; a category made after the tree was kept is found.
        var child = Unique("wheat-bags");
        await store.AddCategoryAsync(child, "Wheat bags", category);
        Assert.Equal(["Renamed in SQL"], (await ProductAsync(shown.Slug))!.Related.Select(c => c.Name));
        Assert.NotNull(await ShopAsync(child));
    }

    [Fact]
    public async Task The_cards_an_article_names_are_kept_until_a_stock_hold_changes_them()
    {
        var category = Unique("articles");
        await store.AddCategoryAsync(category, "Named in articles");
        var product = await store.AddProductAsync("Magnesium bath flakes", ProductStatus.Active, category, new VariantSpec(Variant.DefaultName, 12m, 1));
        await store.EvictionsSettledAsync();
        Task<IReadOnlyDictionary<string, ProductCard>> CardsAsync() =>
            store.InScopeAsync(sp => sp.GetRequiredService<IProductCatalog>().GetCardsBySlugAsync([product.Slug, "no-such-product"], default));
        Assert.Equal("Magnesium bath flakes", Assert.Single(await CardsAsync()).Value.Name);

        await RenameBehindTheStoresBackAsync(product.Id, "Renamed in SQL");
        Assert.Equal("Magnesium bath flakes", Assert.Single(await CardsAsync()).Value.Name);

        Assert.True((await ReserveAsync(Guid.NewGuid(), product.Variants[0].Id, 1)).Succeeded);
        var card = Assert.Single(await CardsAsync()).Value;
        Assert.Equal(("Renamed in SQL", false), (card.Name, card.CanBuy));
    }
}
