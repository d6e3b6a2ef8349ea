using FibroStore.Catalog.Pages.Shop;
using FibroStore.Catalog.Shop;
using FibroStore.Catalog.Stock;

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
    public async Task The_variants_of_a_cart_are_read_by_key_each_with_its_first_picture()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            var plan = await QueryPlans.ExplainWhatRunsAsync(db, twin =>
                ActivatorUtilities.CreateInstance<StockLedger>(sp, twin).GetVariantsAsync([Guid.NewGuid(), Guid.NewGuid()], default));
            QueryPlans.AssertLooksUp(plan, "pk_variants");
            QueryPlans.AssertLooksUp(plan, "pk_products");
            QueryPlans.AssertLooksUp(plan, "ix_product_images_product_id_position");
        });
    }

    [Fact]
    public async Task The_home_pages_featured_strip_walks_the_featured_index_rather_than_every_product()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            var plan = await QueryPlans.ExplainAsync(db, ProductCatalog.Featured(db, 4));
            QueryPlans.AssertScans(plan, "ix_products_featured");
        });
    }

    [Fact]
    public async Task Product_search_uses_the_full_text_name_and_summary_trigram_and_sku_indexes()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            // Enough active products that reading them all in name order (the status and name index) would be the wrong
            // way round: a handful of rows is cheaper to read that way than through any search index.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO catalog.products (id, name, slug, summary, description, status, is_featured, tags, search_keywords, min_price,
                                              created_at, updated_at)
                SELECT gen_random_uuid(), 'Wool socks ' || n, 'wool-socks-' || n, 'Warm socks for cold evenings.', 'Soft wool, sized by shoe.',
                       'Active', false, ARRAY[]::text[], 'socks wool', 12, now(), now()
                FROM generate_series(1, 3000) n
                """);
            // As autovacuum leaves it: new rows wait in a GIN index's pending list, which is read row by row, until a vacuum.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE catalog.products");
            var plan = await QueryPlans.ExplainAsync(db, new ProductSearch(db).Query("magnezium", 20));
            QueryPlans.AssertLooksUp(plan, "ix_products_search_head");
            QueryPlans.AssertLooksUp(plan, "ix_products_search_vector");
            QueryPlans.AssertLooksUp(plan, "ix_products_name_trgm");
            QueryPlans.AssertLooksUp(plan, "ix_variants_sku");
        });
    }
}
