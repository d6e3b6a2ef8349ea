using FibroStore.Ordering.Contracts;

namespace FibroStore.Ordering.Tests;

/// <summary>The dashboard's sales figures, from real paid orders, counted by day in the store's time zone.</summary>
public sealed class OrderFiguresTests
{
    [Fact]
    public async Task Sales_are_counted_on_the_day_they_were_paid_in_the_store_time_zone()
    {
        var store = new StoreFactory();
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati"); // UTC+14: a UTC day splits across two local days
            var pad = await store.AddSellableProductAsync("Figures pad", 20m, 10);
            var tea = await store.AddSellableProductAsync("Figures tea", 5m, 10);
            var lastMinute = (await store.PlacePaidOrderAsync(pad, 2)).Number;   // $40, free delivery
            var firstMinute = (await store.PlacePaidOrderAsync(tea, 1)).Number;  // $5 + $3.95 delivery
            var nextDay = (await store.PlacePaidOrderAsync(tea, 2)).Number;      // $10 + $3.95

            var midnight = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.FromHours(14));
            await SetPaidAtAsync(store, lastMinute, midnight.AddMinutes(-1));
            await SetPaidAtAsync(store, firstMinute, midnight);
            await SetPaidAtAsync(store, nextDay, midnight.AddHours(23).AddMinutes(59));

            var sales = await store.InScopeAsync(sp => sp.GetRequiredService<IOrderFigures>().GetSalesAsync(midnight, midnight.AddDays(1), zone, CancellationToken.None));
            Assert.Equal(2, sales.PaidOrders);
            Assert.Equal(22.90m, sales.Revenue);
            Assert.Equal(11.45m, sales.AverageOrderValue);
            var day = Assert.Single(sales.Days);
            Assert.Equal(new DateOnly(2026, 11, 20), day.Day);

            var twoDays = await store.InScopeAsync(sp => sp.GetRequiredService<IOrderFigures>().GetSalesAsync(midnight.AddDays(-1), midnight.AddDays(1), zone, CancellationToken.None));
            Assert.Equal([40m, 22.90m], twoDays.Days.Select(d => d.Revenue));

            var top = await store.InScopeAsync(sp => sp.GetRequiredService<IOrderFigures>().GetTopProductsAsync(midnight.AddDays(-1), midnight.AddDays(1), 5, CancellationToken.None));
            Assert.Equal(["Figures pad", "Figures tea"], top.Select(p => p.Name));
            Assert.Equal(15m, top[1].Revenue);
            Assert.Equal(3, top[1].Quantity);
            Assert.Equal(3, await store.InScopeAsync(sp => sp.GetRequiredService<IOrderFigures>().CountAwaitingShipmentAsync(CancellationToken.None)));
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_staff_dashboard_shows_the_revenue_of_real_orders_paid_today_to_admins_and_not_to_editors()
    {
        var store = new StoreFactory();
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            var pad = await store.AddSellableProductAsync("Dashboard pad", 20m, 10);
            var tea = await store.AddSellableProductAsync("Dashboard tea", 5m, 10);
            await store.PlacePaidOrderAsync(pad, 2); // $40, free delivery
            await store.PlacePaidOrderAsync(tea, 1); // $5 + $3.95 delivery

            var (admin, _) = await store.SignInNewUserAsync(FibroStore.SharedKernel.Security.StaffRoles.Admin);
            var page = await admin.GetPageAsync("/staff?period=today");
            Assert.Contains("$48.95", page);
            Assert.Contains("Dashboard pad", page);

            var (editor, _) = await store.SignInNewUserAsync(FibroStore.SharedKernel.Security.StaffRoles.Editor);
            Assert.DoesNotContain("$48.95", await editor.GetPageAsync("/staff?period=today"));
            admin.Dispose();
            editor.Dispose();
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    private static Task SetPaidAtAsync(StoreFactory store, string number, DateTimeOffset paidAt) =>
        store.InScopeAsync(async sp =>
        {
            var n = long.Parse(number["FS-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            await sp.GetRequiredService<OrderingDbContext>().Orders.Where(o => o.Number == n)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.PaidAt, paidAt.ToUniversalTime()));
        });
}
