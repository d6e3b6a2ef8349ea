using FibroStore.Catalog.Contracts;
using FibroStore.Catalog.Stock;
using static FibroStore.Catalog.Tests.CatalogTestData;

namespace FibroStore.Catalog.Tests;

public sealed class StockReservationTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static DateTimeOffset InAnHour => DateTimeOffset.UtcNow.AddHours(1);

    private Task<T> WithStock<T>(Func<ICatalogStock, Task<T>> work) => store.InScopeAsync(sp => work(sp.GetRequiredService<ICatalogStock>()));

    [Fact]
    public async Task Reserving_several_lines_is_all_or_nothing()
    {
        var mug = await store.AddProductAsync("Mug", new VariantSpec("Blue", 8m, 5));
        var tea = await store.AddProductAsync("Tea", new VariantSpec("Loose", 6m, 1));
        var lines = new[] { new StockLine(mug.Variants[0].Id, 2), new StockLine(tea.Variants[0].Id, 3) };

        var result = await WithStock(s => s.ReserveAsync(Guid.NewGuid(), lines, InAnHour, default));

        Assert.Equal(ReservationOutcome.Refused, result.Outcome);
        var shortfall = Assert.Single(result.Shortfalls);
        Assert.Equal(tea.Variants[0].Id, shortfall.VariantId);
        Assert.Equal(StockProblem.NotEnoughStock, shortfall.Problem);
        Assert.Equal(1, shortfall.Available);
        Assert.Equal(0, (await store.GetVariantAsync(mug.Variants[0].Id)).Reserved);
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task Reserving_twice_with_the_same_id_holds_stock_once()
    {
        var product = await store.AddProductAsync("Wrap", new VariantSpec(Variant.DefaultName, 20m, 10));
        var id = Guid.NewGuid();
        var lines = new[] { new StockLine(product.Variants[0].Id, 3) };

        var first = await WithStock(s => s.ReserveAsync(id, lines, InAnHour, default));
        var again = await WithStock(s => s.ReserveAsync(id, lines, InAnHour, default));

        Assert.Equal(ReservationOutcome.Reserved, first.Outcome);
        Assert.Equal(ReservationOutcome.AlreadyReserved, again.Outcome);
        var variant = await store.GetVariantAsync(product.Variants[0].Id);
        Assert.Equal(3, variant.Reserved);
        Assert.Equal(7, variant.Available);
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task Release_gives_stock_back_once_and_a_released_id_cannot_reserve_again()
    {
        var product = await store.AddProductAsync("Pillow", new VariantSpec(Variant.DefaultName, 30m, 4));
        var id = Guid.NewGuid();
        var lines = new[] { new StockLine(product.Variants[0].Id, 4) };
        await WithStock(s => s.ReserveAsync(id, lines, InAnHour, default));

        Assert.True(await WithStock(s => s.ReleaseAsync(id, default)));
        Assert.False(await WithStock(s => s.ReleaseAsync(id, default)));
        Assert.Equal(ReservationOutcome.Closed, (await WithStock(s => s.ReserveAsync(id, lines, InAnHour, default))).Outcome);

        var variant = await store.GetVariantAsync(product.Variants[0].Id);
        Assert.Equal((4, 0), (variant.OnHand, variant.Reserved));
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task Commit_turns_held_stock_into_a_sale_exactly_once()
    {
        var product = await store.AddProductAsync("Mat", new VariantSpec("Green", 34m, 6), new VariantSpec("Lilac", 34m, 6, TrackStock: false));
        var id = Guid.NewGuid();
        await WithStock(s => s.ReserveAsync(id, [new StockLine(product.Variants[0].Id, 2), new StockLine(product.Variants[1].Id, 1)], InAnHour, default));

        Assert.Equal(CommitOutcome.Committed, await WithStock(s => s.CommitAsync(id, default)));
        Assert.Equal(CommitOutcome.AlreadyCommitted, await WithStock(s => s.CommitAsync(id, default)));
        Assert.False(await WithStock(s => s.ReleaseAsync(id, default)));

        var green = await store.GetVariantAsync(product.Variants[0].Id);
        Assert.Equal((4, 0, 2), (green.OnHand, green.Reserved, green.UnitsSold));
        Assert.Equal(1, (await store.GetVariantAsync(product.Variants[1].Id)).UnitsSold);
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task Commit_after_release_is_refused()
    {
        var product = await store.AddProductAsync("Strap", new VariantSpec(Variant.DefaultName, 12m, 3));
        var id = Guid.NewGuid();
        await WithStock(s => s.ReserveAsync(id, [new StockLine(product.Variants[0].Id, 1)], InAnHour, default));
        await WithStock(s => s.ReleaseAsync(id, default));

        Assert.Equal(CommitOutcome.NotHeld, await WithStock(s => s.CommitAsync(id, default)));
        Assert.Equal(CommitOutcome.NotHeld, await WithStock(s => s.CommitAsync(Guid.NewGuid(), default)));
        Assert.Equal(3, (await store.GetVariantAsync(product.Variants[0].Id)).OnHand);
    }

    [Fact]
    public async Task Expired_reservations_are_released_by_catalog_itself()
    {
        var product = await store.AddProductAsync("Ball", new VariantSpec(Variant.DefaultName, 10m, 5));
        var id = Guid.NewGuid();
        await WithStock(s => s.ReserveAsync(id, [new StockLine(product.Variants[0].Id, 5)], DateTimeOffset.UtcNow.AddMinutes(-1), default));

        var released = await store.InScopeAsync(sp => sp.GetRequiredService<StockLedger>().ReleaseExpiredAsync(100, default));

        Assert.True(released >= 1);
        Assert.Equal(0, (await store.GetVariantAsync(product.Variants[0].Id)).Reserved);
        Assert.Equal(CommitOutcome.NotHeld, await WithStock(s => s.CommitAsync(id, default)));
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task Backorder_variants_may_be_reserved_beyond_what_is_on_hand()
    {
        var product = await store.AddProductAsync("Knee wrap", new VariantSpec(Variant.DefaultName, 18m, 1, AllowBackorder: true));
        var result = await WithStock(s => s.ReserveAsync(Guid.NewGuid(), [new StockLine(product.Variants[0].Id, 4)], InAnHour, default));

        Assert.True(result.Succeeded);
        var variant = await store.GetVariantAsync(product.Variants[0].Id);
        Assert.Equal(-3, variant.Available);
        Assert.Equal("Available on backorder", variant.Stock.Words);
    }

    [Fact]
    public async Task Draft_or_unknown_variants_are_not_sellable()
    {
        var draft = await store.AddProductAsync("Secret", ProductStatus.Draft, null, new VariantSpec(Variant.DefaultName, 5m, 5));
        var unknown = Guid.NewGuid();
        var result = await WithStock(s => s.ReserveAsync(Guid.NewGuid(), [new StockLine(draft.Variants[0].Id, 1), new StockLine(unknown, 1)], InAnHour, default));

        Assert.Equal(ReservationOutcome.Refused, result.Outcome);
        Assert.All(result.Shortfalls, s => Assert.Equal(StockProblem.NotSellable, s.Problem));
        Assert.Equal(2, result.Shortfalls.Count);
        var found = await WithStock(s => s.GetVariantsAsync([draft.Variants[0].Id, unknown], default));
        Assert.False(Assert.Single(found).Value.CanBuy);
    }

    [Fact]
    public async Task Absurd_quantities_are_refused_before_touching_the_database()
    {
        var product = await store.AddProductAsync("Cup", new VariantSpec(Variant.DefaultName, 5m, 5));
        await Assert.ThrowsAsync<ArgumentException>(() => WithStock(s => s.ReserveAsync(Guid.NewGuid(), [new StockLine(product.Variants[0].Id, 0)], InAnHour, default)));
        await Assert.ThrowsAsync<ArgumentException>(() => WithStock(s => s.ReserveAsync(Guid.NewGuid(), [new StockLine(product.Variants[0].Id, -5)], InAnHour, default)));
        await Assert.ThrowsAsync<ArgumentException>(() => WithStock(s => s.ReserveAsync(Guid.NewGuid(), [], InAnHour, default)));
        Assert.Equal(0, (await store.GetVariantAsync(product.Variants[0].Id)).Reserved);
    }

    [Fact]
    public async Task Adjusting_on_hand_below_zero_or_below_what_checkouts_hold_is_refused()
    {
        var product = await store.AddProductAsync("Socks", new VariantSpec(Variant.DefaultName, 5m, 5));
        var variantId = product.Variants[0].Id;
        await WithStock(s => s.ReserveAsync(Guid.NewGuid(), [new StockLine(variantId, 3)], InAnHour, default));

        async Task<bool> Adjust(int delta) => await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var ok = await sp.GetRequiredService<StockLedger>().TryAdjustOnHandAsync(variantId, delta, StockMovementKind.Adjusted, "count", "staff-1", default);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return ok;
        });

        Assert.False(await Adjust(-6));
        Assert.False(await Adjust(-3));
        Assert.True(await Adjust(-2));
        Assert.True(await Adjust(10));
        var variant = await store.GetVariantAsync(variantId);
        Assert.Equal((13, 3), (variant.OnHand, variant.Reserved));
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task A_hundred_checkouts_racing_for_the_last_ten_units_reserve_exactly_ten()
    {
        var product = await store.AddProductAsync("Last few", new VariantSpec(Variant.DefaultName, 15m, 10));
        var variantId = product.Variants[0].Id;
        using var start = new ManualResetEventSlim();

        // Each attempt has its own scope, so its own DbContext, connection and transaction.
        var attempts = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            await using var scope = store.Services.CreateAsyncScope();
            var stock = scope.ServiceProvider.GetRequiredService<ICatalogStock>();
            return await stock.ReserveAsync(Guid.NewGuid(), [new StockLine(variantId, 1)], InAnHour, default);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(10, results.Count(r => r.Outcome == ReservationOutcome.Reserved));
        Assert.Equal(90, results.Count(r => r.Outcome == ReservationOutcome.Refused));
        var variant = await store.GetVariantAsync(variantId);
        Assert.Equal((10, 10, 0), (variant.OnHand, variant.Reserved, variant.Available));
        var reservedRows = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().StockMovements
            .CountAsync(m => m.VariantId == variantId && m.Kind == StockMovementKind.Reserved));
        Assert.Equal(10, reservedRows);
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task A_hold_and_its_sale_leave_the_variant_unlocked_while_they_wait_for_their_next_turn()
    {
        var pad = (await store.AddProductAsync("Wheat pad", new VariantSpec(Variant.DefaultName, 25m, 10))).Variants[0].Id;
        var held = Guid.NewGuid();
        var released = Guid.NewGuid();
        using var watch = new VariantLockWatch(store.Database.ConnectionString, pad);

        await watch.WatchAsync(async () =>
        {
            Assert.Equal(ReservationOutcome.Reserved, (await WithStock(s => s.ReserveAsync(held, [new StockLine(pad, 2)], InAnHour, default))).Outcome);
            Assert.Equal(CommitOutcome.Committed, await WithStock(s => s.CommitAsync(held, default)));
            Assert.Equal(ReservationOutcome.Reserved, (await WithStock(s => s.ReserveAsync(released, [new StockLine(pad, 1)], InAnHour, default))).Outcome);
            Assert.True(await WithStock(s => s.ReleaseAsync(released, default)));
        });

        Assert.True(watch.Checks >= 4, $"each call's commands are checked; {watch.Checks} were");
        Assert.Empty(watch.LockedAfter);
        var after = await store.GetVariantAsync(pad);
        Assert.Equal((8, 0), (after.OnHand, after.Reserved));
    }

    [Fact]
    public async Task Holds_and_sales_of_the_same_two_variants_racing_neither_deadlock_nor_lose_a_unit()
    {
        var pad = (await store.AddProductAsync("Heat pad", new VariantSpec(Variant.DefaultName, 25m, 100))).Variants[0].Id;
        var mask = (await store.AddProductAsync("Eye mask", new VariantSpec(Variant.DefaultName, 9m, 100))).Variants[0].Id;
        using var start = new ManualResetEventSlim();

        // Forty baskets of both, listed in either order; every other pair of them is paid, the rest given back.
        var runs = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            start.Wait();
            await using var scope = store.Services.CreateAsyncScope();
            var stock = scope.ServiceProvider.GetRequiredService<ICatalogStock>();
            var id = Guid.NewGuid();
            StockLine[] lines = i % 2 == 0 ? [new(pad, 1), new(mask, 2)] : [new(mask, 2), new(pad, 1)];
            var held = await stock.ReserveAsync(id, lines, InAnHour, default);
            var closed = i % 4 < 2 ? await stock.CommitAsync(id, default) == CommitOutcome.Committed : await stock.ReleaseAsync(id, default);
            return (held.Outcome, closed);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal((ReservationOutcome.Reserved, true), r));
        var padAfter = await store.GetVariantAsync(pad);
        var maskAfter = await store.GetVariantAsync(mask);
        Assert.Equal((80, 0, 20), (padAfter.OnHand, padAfter.Reserved, padAfter.UnitsSold));
        Assert.Equal((60, 0, 40), (maskAfter.OnHand, maskAfter.Reserved, maskAfter.UnitsSold));
        Assert.Empty(await store.LedgerMismatchesAsync());
    }
}
