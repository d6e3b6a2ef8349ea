using FibroStore.Catalog.Pages.Shop;
using FibroStore.Catalog.Shop;

namespace FibroStore.Catalog.Tests;

/// <summary>The catalog's hot queries, as EF generates them, each look rows up by its index.</summary>
public sealed class HotQueryPlanTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task The_shop_listing_reads_each_cards_first_picture_by_product_not_by_numbering_every_picture()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            var query = new ShopQuery(null, null, null, false, "", 1);
            var plan = await QueryPlans.ExplainAsync(db, ShopQueryHandler.PageOf(ShopQueryHandler.Filtered(db, query, null), query));
            QueryPlans.AssertLooksUp(plan, "ix_product_images_product_id_position");
            QueryPlans.AssertLooksUp(plan, "ix_products_status_created_at");
            QueryPlans.AssertLooksUp(plan, "ix_variants_product_id");
        });
    }

    [Fact]
    public async Task Product_search_uses_the_full_text_trigram_and_sku_indexes()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            var plan = await QueryPlans.ExplainAsync(db, new ProductSearch(db).Query("magnezium", 20));
            QueryPlans.AssertLooksUp(plan, "ix_products_search_vector");
            QueryPlans.AssertLooksUp(plan, "ix_products_name_trgm");
            QueryPlans.AssertLooksUp(plan, "ix_variants_sku");
        });
    }
}
