using FibroStore.Ordering.Carts;
using FibroStore.Ordering.Pages.Orders;

namespace FibroStore.Ordering.Tests;

/// <summary>The cart's lines and "My orders", as EF generates them, each look rows up by their index.</summary>
public sealed class HotQueryPlanTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_cart_and_its_lines_are_read_by_key()
    {
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            var visitor = await QueryPlans.ExplainAsync(db, CartStore.VisitorCart(db, Guid.NewGuid()));
            QueryPlans.AssertLooksUp(visitor, "pk_carts");
            QueryPlans.AssertLooksUp(visitor, "pk_cart_lines");
            var customer = await QueryPlans.ExplainAsync(db, CartStore.CustomerCart(db, "customer-1"));
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
}
