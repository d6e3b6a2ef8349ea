using FibroStore.SharedKernel.Data;
using Microsoft.Extensions.Configuration;

namespace FibroStore.Web.Tests;

/// <summary>
/// Pooled connections go back without Npgsql's reset, so nothing the store does may leave session state on one: the
/// migration lock above all, which would stop every other instance from starting.
/// </summary>
public sealed class PooledConnectionStateTests : IAsyncLifetime
{
    private readonly StoreFactory store = new();

    public Task InitializeAsync() => store.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public void The_shared_data_source_returns_connections_without_a_reset_unless_the_connection_string_asks_for_one()
    {
        var dataSource = store.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.True(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose);

        var configuration = new ConfigurationBuilder().Build();
        using var asked = StoreDataSource.Build("Host=localhost;Database=store;No Reset On Close=false", configuration);
        Assert.False(new NpgsqlConnectionStringBuilder(asked.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public async Task After_start_no_connection_of_the_store_holds_an_advisory_lock()
    {
        // Every pooled connection the start-up used is in the pool now; any session lock would still be held by one.
        var held = await store.SqlAsync("""
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND a.datname = current_database()
            """);
        Assert.Equal(0L, Convert.ToInt64(held, System.Globalization.CultureInfo.InvariantCulture));
    }
}
