using System.Data.Common;
using FibroStore.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FibroStore.Ordering.Tests;

/// <summary>
/// Adding to the cart saves a new cart and its line without EF's transaction around them (one round trip fewer).
/// These check the two things that rest on: the save is one command, and a failure in its last statement leaves
/// nothing of the first.
/// </summary>
public sealed class OneBatchSaveTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_new_cart_and_its_line_go_in_one_command_without_a_transaction_of_their_own()
    {
        var recorder = new CommandRecorder();
        await using var db = Context(recorder);
        var cart = NewCart();
        cart.Add(Guid.NewGuid(), 2, 12.50m, DateTimeOffset.UtcNow);
        db.Carts.Add(cart);

        await db.SaveAsOneBatchAsync(CancellationToken.None);

        Assert.Equal(1, recorder.Commands);
        Assert.Equal(0, recorder.Transactions);
        Assert.Equal(AutoTransactionBehavior.WhenNeeded, db.Database.AutoTransactionBehavior);
        await using var check = Context(new CommandRecorder());
        Assert.Equal(2, await check.CartLines.Where(l => l.CartId == cart.Id).Select(l => l.Quantity).SingleAsync());
    }

    [Fact]
    public async Task When_the_last_statement_fails_the_first_is_not_kept()
    {
        await using var db = Context(new CommandRecorder());
        var cart = NewCart();
        // The line comes after its cart and breaks its column's numeric(12,2): the cart's insert had already run.
        cart.Add(Guid.NewGuid(), 1, 100_000_000_000m, DateTimeOffset.UtcNow);
        db.Carts.Add(cart);

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveAsOneBatchAsync(CancellationToken.None));

        await using var check = Context(new CommandRecorder());
        Assert.False(await check.Carts.AnyAsync(c => c.Id == cart.Id));
    }

    private static Cart NewCart() =>
        new() { Id = Guid.NewGuid(), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };

    /// <summary>The module's context as the store configures it, on the test database, with the recorder listening.</summary>
    private OrderingDbContext Context(CommandRecorder recorder) =>
        new(new DbContextOptionsBuilder<OrderingDbContext>()
            .UseNpgsql(store.Database.ConnectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(recorder)
            .Options);

    private sealed class CommandRecorder : IDbCommandInterceptor, IDbTransactionInterceptor
    {
        public int Commands { get; private set; }
        public int Transactions { get; private set; }

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            Transactions++;
            return ValueTask.FromResult(result);
        }
    }
}
