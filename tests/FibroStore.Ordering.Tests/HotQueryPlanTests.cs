using FibroStore.Ordering.Carts;
using FibroStore.Ordering.Checkout;
using FibroStore.Ordering.Pages.Orders;

namespace FibroStore.Ordering.Tests;

/// <summary>The cart's lines, "My orders" and a checkout start's lookups, as EF generates them, each look rows up by their index.</summary>
public sealed class HotQueryPlanTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_cart_and_its_lines_are_read_by_key()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            var visitor = await QueryPlans.ExplainWhatRunsAsync(db, twin => CartStore.VisitorCartToRead(twin, Guid.NewGuid(), default));
            QueryPlans.AssertLooksUp(visitor, "pk_carts");
            QueryPlans.AssertLooksUp(visitor, "pk_cart_lines");
            var customer = await QueryPlans.ExplainWhatRunsAsync(db, twin => CartStore.CustomerCartToRead(twin, "customer-1", default));
            QueryPlans.AssertLooksUp(customer, "ix_carts_customer_id");
            QueryPlans.AssertLooksUp(customer, "pk_cart_lines");
        });
    }

    [Fact]
    public async Task My_orders_are_read_by_customer()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            var plan = await QueryPlans.ExplainAsync(db, MyOrdersPage.Handler.Newest(db, "customer-1"));
            QueryPlans.AssertLooksUp(plan, "ix_orders_customer_id");
        });
    }

    [Fact]
    public async Task A_checkout_start_looks_up_its_clients_and_its_carts_open_checkouts_by_index_after_a_burst_the_statistics_missed()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            // Statistics taken while thousands of checkouts were closed and none open, then a burst of open ones.
            await InsertCheckoutsAsync(db, "Completed", 5000);
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE ordering.checkouts");
            await InsertCheckoutsAsync(db, "Open", 3000);

            var client = await QueryPlans.ExplainAsync(db, StartCheckout.HeldByClientSql, "client-1", DateTimeOffset.UtcNow);
            QueryPlans.AssertLooksUp(client, "ix_checkouts_client_key_status");
            var cart = await QueryPlans.ExplainAsync(db, StartCheckout.OpenOfCart(db, Guid.NewGuid()));
            QueryPlans.AssertLooksUp(cart, "ix_checkouts_cart_id_status");
        });
    }

    private static Task InsertCheckoutsAsync(OrderingDbContext db, string status, int count) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO ordering.checkouts (id, cart_id, currency, lines, subtotal, discount, shipping_name, shipping, tax, tax_rate_percent,
                                            total, join_newsletter, status, created_at, expires_at, client_key, units)
            SELECT gen_random_uuid(), gen_random_uuid(), 'USD', '[]', 20, 0, 'Standard', 0, 0, 0, 20, false, {status},
                   now() - interval '5 minutes', now() + interval '25 minutes', md5({status} || n), 1
            FROM generate_series(1, {count}) n
            """);
}
