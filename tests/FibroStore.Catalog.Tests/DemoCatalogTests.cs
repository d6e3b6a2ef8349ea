using FibroStore.Catalog.Demo;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Files;

namespace FibroStore.Catalog.Tests;

public sealed class DemoCatalogTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private Task SeedAsync() => store.InScopeAsync(sp => sp.GetServices<IDataSeeder>().OfType<DemoCatalogSeeder>().Single().SeedAsync(default));

    [Fact]
    public async Task Demo_shop_has_forty_products_in_six_categories_with_generated_images_and_seeding_twice_changes_nothing()
    {
        await SeedAsync();
        await SeedAsync();

        var (products, categories, variants, images, lowOrOut, withVariants) = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            return (await db.Products.CountAsync(), await db.Categories.CountAsync(), await db.Variants.CountAsync(), await db.Images.CountAsync(),
                await db.Variants.CountAsync(v => v.OnHand - v.Reserved <= v.LowStockThreshold),
                await db.Products.CountAsync(p => p.Variants.Count > 1));
        });
        Assert.True(products >= 40, $"{products} products");
        Assert.True(categories >= 6, $"{categories} categories");
        Assert.Equal(products, images);
        Assert.True(variants > products);
        Assert.True(withVariants >= 5);
        Assert.True(lowOrOut >= 3);
        Assert.Empty(await store.LedgerMismatchesAsync());

        var imageUrl = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Images.Select(i => i.CardUrl).FirstAsync());
        var file = await store.InScopeAsync(sp => sp.GetRequiredService<IFileStorage>().GetAsync(imageUrl["/media/".Length..], default));
        Assert.NotNull(file);
        Assert.Equal("image/jpeg", file.ContentType);

        using var client = store.CreateBrowserClient();
        var shop = await client.GetPageAsync("/shop");
        Assert.Contains("products, page 1 of 2", shop, StringComparison.Ordinal);
    }
}
